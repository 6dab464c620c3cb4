package io.multibroker.oanda.stub;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instrument as the v20 {@code Instrument} definition describes it: name, type, pip location, price and
 * units precision, size limits, trailing-stop distances and margin rate; plus the price the stand-in starts
 * its random walk from and its half spread.
 */
record StubInstrument(String name, String type, String displayName, int pipLocation, int displayPrecision, int tradeUnitsPrecision,
        BigDecimal minimumTradeSize, BigDecimal maximumOrderUnits, BigDecimal maximumPositionSize, BigDecimal minimumTrailingStopDistance,
        BigDecimal maximumTrailingStopDistance, BigDecimal marginRate, BigDecimal startMid, BigDecimal halfSpread) {

    static final List<StubInstrument> CATALOGUE = List.of(
            fx("EUR_USD", "EUR/USD", -4, 5, "1.08500", "0.00007"),
            fx("USD_JPY", "USD/JPY", -2, 3, "151.200", "0.007"),
            fx("GBP_USD", "GBP/USD", -4, 5, "1.27000", "0.00010"),
            fx("AUD_USD", "AUD/USD", -4, 5, "0.65500", "0.00008"),
            new StubInstrument("XAU_USD", "METAL", "Gold", -2, 3, 0, new BigDecimal("1"), new BigDecimal("10000"),
                    new BigDecimal("50000"), new BigDecimal("0.050"), new BigDecimal("100.000"), new BigDecimal("0.05"),
                    new BigDecimal("2350.000"), new BigDecimal("0.200")),
            new StubInstrument("SPX500_USD", "CFD", "US SPX 500", 0, 1, 1, new BigDecimal("0.1"), new BigDecimal("5000"),
                    new BigDecimal("20000"), new BigDecimal("5.0"), new BigDecimal("1000.0"), new BigDecimal("0.05"),
                    new BigDecimal("5200.0"), new BigDecimal("0.3")));

    static Map<String, StubInstrument> byName() {
        Map<String, StubInstrument> map = new LinkedHashMap<>();
        CATALOGUE.forEach(i -> map.put(i.name(), i));
        return map;
    }

    private static StubInstrument fx(String name, String display, int pipLocation, int precision, String mid, String halfSpread) {
        BigDecimal pip = BigDecimal.ONE.scaleByPowerOfTen(pipLocation);
        return new StubInstrument(name, "CURRENCY", display, pipLocation, precision, 0, BigDecimal.ONE, new BigDecimal("100000000"),
                new BigDecimal("500000000"), pip.multiply(BigDecimal.valueOf(5)).setScale(precision),
                BigDecimal.ONE.setScale(precision), new BigDecimal("0.0333"), new BigDecimal(mid), new BigDecimal(halfSpread));
    }
}
