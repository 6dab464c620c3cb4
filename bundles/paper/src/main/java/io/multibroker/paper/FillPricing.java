package io.multibroker.paper;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/** The price a fill gets: the touch, or the limit price if better, moved against the client by a random slippage. */
final class FillPricing {

    private final SplittableRandom slippageRandom;

    FillPricing(long seed) {
        this.slippageRandom = new SplittableRandom(seed);
    }

    /** Slippage applies to market-like fills only; its size in pips is exponential around {@code slippagePipsMean}. */
    BigDecimal fillPrice(UnifiedOrder request, PriceTick tick, PaperInstrument instrument, BigDecimal slippagePipsMean) {
        BigDecimal touch = tick.priceFor(request.side());
        if (request.type() == OrderType.LIMIT) {
            return request.side() == OrderSide.BUY ? touch.min(request.price()) : touch.max(request.price());
        }
        if (slippagePipsMean.signum() <= 0) {
            return touch;
        }
        double draw;
        synchronized (slippageRandom) {
            draw = -Math.log(1.0 - slippageRandom.nextDouble());
        }
        BigDecimal slip = slippagePipsMean.multiply(BigDecimal.valueOf(draw)).multiply(instrument.limits().pip())
                .setScale(instrument.limits().pricePrecision(), RoundingMode.HALF_EVEN);
        return request.side() == OrderSide.BUY ? touch.add(slip) : touch.subtract(slip);
    }
}
