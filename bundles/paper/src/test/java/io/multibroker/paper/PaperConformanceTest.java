package io.multibroker.paper;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderResult;
import io.multibroker.conformance.BrokerAdapterConformanceTest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;

/** The paper adapter (netting) against the shared adapter conformance suite. */
class PaperConformanceTest extends BrokerAdapterConformanceTest {

    private PaperBrokerAdapter paper;

    protected PaperSettings settings() {
        PaperSettings settings = new PaperSettings();
        settings.accountId = "conformance";
        settings.latencyMedianMillis = 1;
        settings.latencySigma = 0;
        settings.priceInterval = Duration.ofMillis(20);
        return settings;
    }

    @Override
    protected BrokerAdapter createAdapter() {
        paper = new PaperBrokerAdapter(settings(), Clock.systemUTC());
        return paper;
    }

    @Override
    protected void destroyAdapter(BrokerAdapter toDestroy) throws Exception {
        super.destroyAdapter(toDestroy);
        paper.close();
    }

    @Override
    protected boolean loseTheNextOrderAnswer() {
        paper.loseNextOrderAnswer();
        return true;
    }

    @Override
    protected boolean executeTheNextOrderLate() {
        paper.executeNextOrderLate();
        return true;
    }

    /** The account's US equity session becomes CLOSED (market.hours), as a reconfiguration makes it. */
    @Override
    protected boolean closeTheMarket() {
        PaperSettings closed = settings();
        closed.marketHours = MarketHours.CLOSED;
        paper.apply(closed);
        return true;
    }

    @Override
    protected boolean openTheMarket() {
        PaperSettings open = settings();
        open.marketHours = MarketHours.ALWAYS;
        paper.apply(open);
        return true;
    }

    @Override
    public boolean touchRestingOrder(OrderResult resting) {
        return paper.touch(resting.brokerOrderId());
    }

    @Override
    public boolean limitLiquidity(BigDecimal unitsPerFill) {
        PaperSettings limited = settings();
        limited.maxFillUnits = unitsPerFill;
        paper.apply(limited);
        return true;
    }

    @Override
    protected long brokerRequestCount() {
        return paper.brokerRequestCount();
    }
}
