package io.multibroker.paper;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Amounts in an instrument's quote currency turned into the account currency, through the quoted FX pairs. */
final class AccountCurrency {

    static final int MONEY_SCALE = 4;
    private static final MathContext MONEY = MathContext.DECIMAL64;

    private final String currency;
    private final Quotes prices;

    AccountCurrency(String currency, Quotes prices) {
        this.currency = currency;
        this.prices = prices;
    }

    String code() {
        return currency;
    }

    /** The margin that {@code units} at {@code price} hold, in the account currency. */
    BigDecimal margin(BigDecimal units, BigDecimal price, PaperInstrument instrument) {
        return of(units.multiply(price).multiply(instrument.limits().marginRate()), instrument);
    }

    /** An amount in the instrument's quote currency, in the account currency at money scale. */
    BigDecimal of(BigDecimal amountInQuote, PaperInstrument instrument) {
        return convert(amountInQuote, instrument.quoteCurrency(), currency).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Converts through the quoted FX pairs: directly, inverted, or by way of USD. */
    BigDecimal convert(BigDecimal amount, String from, String to) {
        if (from.equals(to)) {
            return amount;
        }
        PriceTick direct = prices.current(from + "_" + to);
        if (direct != null) {
            return amount.multiply(direct.mid(), MONEY);
        }
        PriceTick inverse = prices.current(to + "_" + from);
        if (inverse != null) {
            return amount.divide(inverse.mid(), MONEY);
        }
        if (!from.equals("USD") && !to.equals("USD")) {
            return convert(convert(amount, from, "USD"), "USD", to);
        }
        throw new IllegalStateException("no quoted pair converts " + from + " to " + to);
    }
}
