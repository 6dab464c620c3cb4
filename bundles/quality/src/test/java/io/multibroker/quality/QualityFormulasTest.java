package io.multibroker.quality;

import static io.multibroker.quality.FigureAssertions.assertFigure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.model.OrderSide;
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

    @Test
    void aPartlyFilledBuyLimitPaysForItsFillAndForWhatTheMarketTookAwayFromTheRest() {
        BigDecimal ordered = new BigDecimal("10000");
        BigDecimal filled = new BigDecimal("6000");
        // 6,000 bought at 1.08500, half a pip under the arrival mid: (1.08500 - 1.08505) * 6000 = -0.30
        BigDecimal executed = QualityFormulas.executedCost(OrderSide.BUY, BID, MID, filled);
        assertEquals(0, new BigDecimal("-0.30").compareTo(executed));
        // per unit ordered -0.00003 = -0.3 pips, -0.00003 / 1.08505 * 10^4 = -0.276485 bp
        assertFigure("-0.300000", "-0.276485", QualityFormulas.perUnitOrdered(executed, ordered, PIP, MID));
        // the 4,000 left: the mid was 1.08535 60 s after arrival, 3 pips away: 0.0003 * 4000 = 1.2
        BigDecimal opportunity = QualityFormulas.opportunityCost(OrderSide.BUY, new BigDecimal("1.08535"), MID, new BigDecimal("4000"));
        assertEquals(0, new BigDecimal("1.2").compareTo(opportunity));
        assertFigure("1.200000", "1.105940", QualityFormulas.perUnitOrdered(opportunity, ordered, PIP, MID));
        // together 0.9 = 0.00009 per unit = 0.9 pips, 0.829455 bp: computed from the sum, not from the rounded parts
        assertFigure("0.900000", "0.829455", QualityFormulas.perUnitOrdered(executed.add(opportunity), ordered, PIP, MID));
        assertEquals(new BigDecimal("0.600000"), QualityFormulas.fillRatio(filled, ordered));
    }

    @Test
    void anUnfilledSellLimitCostsWhatTheMarketFellByTheHorizon() {
        BigDecimal ordered = new BigDecimal("1000");
        assertEquals(0, QualityFormulas.executedCost(OrderSide.SELL, null, MID, BigDecimal.ZERO).signum());
        // nothing sold, and the mid fell 3 pips to 1.08475: -(1.08475 - 1.08505) * 1000 = 0.3, 3 pips per unit ordered
        BigDecimal opportunity = QualityFormulas.opportunityCost(OrderSide.SELL, new BigDecimal("1.08475"), MID, ordered);
        assertFigure("3.000000", "2.764850", QualityFormulas.perUnitOrdered(opportunity, ordered, PIP, MID));
        // had the mid risen instead, not selling would have gained: a negative cost
        BigDecimal gain = QualityFormulas.opportunityCost(OrderSide.SELL, new BigDecimal("1.08525"), MID, ordered);
        assertFigure("-2.000000", "-1.843233", QualityFormulas.perUnitOrdered(gain, ordered, PIP, MID));
        assertEquals(new BigDecimal("0.000000"), QualityFormulas.fillRatio(BigDecimal.ZERO, ordered));
    }

    @Test
    void aSellLimitFilledAboveTheMidHasANegativeShortfall() {
        BigDecimal ordered = new BigDecimal("1000");
        // sold all 1,000 at 1.08515, a pip over the mid: -(1.08515 - 1.08505) * 1000 = -0.1, -1 pip per unit
        BigDecimal executed = QualityFormulas.executedCost(OrderSide.SELL, new BigDecimal("1.08515"), MID, ordered);
        assertFigure("-1.000000", "-0.921617", QualityFormulas.perUnitOrdered(executed, ordered, PIP, MID));
        assertEquals(new BigDecimal("1.000000"), QualityFormulas.fillRatio(ordered, ordered));
    }

}
