package io.multibroker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The formulas against cases worked by hand. EUR_USD quoted 1.08500 / 1.08510 (pip 0.0001): mid 1.08505, quoted spread
 * 1 pip = 0.0001 / 1.08505 = 0.921617 bp.
 */
class QualityFormulasTest {

    private static final BigDecimal PIP = new BigDecimal("0.0001");
    private static final BigDecimal BID = new BigDecimal("1.08500");
    private static final BigDecimal ASK = new BigDecimal("1.08510");
    private static final BigDecimal MID = new BigDecimal("1.08505");

    @Test
    void aBuyFilledAboveTheAskPaysMoreThanTheQuotedSpread() {
        BigDecimal fill = new BigDecimal("1.08512");
        // 2 * (1.08512 - 1.08505) = 0.00014 = 1.4 pips; 0.00014 / 1.08505 * 10^4 = 1.290263 bp
        assertFigure("1.400000", "1.290263", QualityFormulas.effectiveSpread(OrderSide.BUY, fill, MID, PIP));
        assertEquals(new BigDecimal("1.400000"), QualityFormulas.effectiveOverQuoted(OrderSide.BUY, fill, BID, ASK));
        // the ask was 1.08510: 0.2 pips worse than the quote
        assertFigure("-0.200000", "-0.184323", QualityFormulas.priceImprovement(OrderSide.BUY, fill, BID, ASK, PIP));
        assertFigure("1.000000", "0.921617", QualityFormulas.quotedSpread(BID, ASK, PIP));
    }

    @Test
    void aSellFilledAboveTheBidIsImprovedAndPaysLessThanTheQuotedSpread() {
        BigDecimal fill = new BigDecimal("1.08503");
        // -2 * (1.08503 - 1.08505) = 0.00004 = 0.4 pips, E/Q 0.4; 0.3 pips better than the bid 1.08500
        assertFigure("0.400000", "0.368647", QualityFormulas.effectiveSpread(OrderSide.SELL, fill, MID, PIP));
        assertEquals(new BigDecimal("0.400000"), QualityFormulas.effectiveOverQuoted(OrderSide.SELL, fill, BID, ASK));
        assertFigure("0.300000", "0.276485", QualityFormulas.priceImprovement(OrderSide.SELL, fill, BID, ASK, PIP));
    }

    @Test
    void aBuyFilledBelowTheAskIsImprovedByAsMuch() {
        BigDecimal fill = new BigDecimal("1.08507");
        assertFigure("0.400000", "0.368647", QualityFormulas.effectiveSpread(OrderSide.BUY, fill, MID, PIP));
        assertFigure("0.300000", "0.276485", QualityFormulas.priceImprovement(OrderSide.BUY, fill, BID, ASK, PIP));
    }

    @Test
    void aFillInsideTheMidHasANegativeEffectiveSpread() {
        // a buy at 1.08504, a tenth of a pip below the mid: 2 * -0.00001 = -0.2 pips
        assertFigure("-0.200000", "-0.184323", QualityFormulas.effectiveSpread(OrderSide.BUY, new BigDecimal("1.08504"), MID, PIP));
    }

    @Test
    void markoutsArePositiveWhenTheMarketMovesTheTradersWay() {
        BigDecimal after = new BigDecimal("1.08530");
        // buy at 1.08512, mid 1.08530 later: +1.8 pips, 0.00018 / 1.08512 * 10^4 = 1.658803 bp
        assertFigure("1.800000", "1.658803", QualityFormulas.markout(OrderSide.BUY, new BigDecimal("1.08512"), after, PIP));
        // sell at 1.08503, the market went up against it: -2.7 pips, of the fill price 1.08503
        assertFigure("-2.700000", "-2.488410", QualityFormulas.markout(OrderSide.SELL, new BigDecimal("1.08503"), after, PIP));
    }

    @Test
    void aYenPairIsMeasuredInItsOwnPips() {
        BigDecimal bid = new BigDecimal("151.480");
        BigDecimal ask = new BigDecimal("151.492");
        BigDecimal pip = new BigDecimal("0.01");
        BigDecimal fill = new BigDecimal("151.470");
        // a sell 1 pip below the bid: effective -2 * (151.470 - 151.486) = 0.032 = 3.2 pips, E/Q 0.032 / 0.012
        assertFigure("3.200000", "2.112406", QualityFormulas.effectiveSpread(OrderSide.SELL, fill, QualityFormulas.mid(bid, ask), pip));
        assertEquals(new BigDecimal("2.666667"), QualityFormulas.effectiveOverQuoted(OrderSide.SELL, fill, bid, ask));
        assertFigure("-1.000000", "-0.660127", QualityFormulas.priceImprovement(OrderSide.SELL, fill, bid, ask, pip));
    }

    @Test
    void aLockedQuoteHasNoRatio() {
        assertNull(QualityFormulas.effectiveOverQuoted(OrderSide.BUY, ASK, ASK, ASK));
    }

    private static void assertFigure(String pips, String bp, Figure figure) {
        assertEquals(new BigDecimal(pips), figure.pips(), "pips");
        assertEquals(new BigDecimal(bp), figure.bp(), "bp");
    }
}
