package io.multibroker.sample;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.PriceTick;
import io.multibroker.conformance.BrokerAdapterConformanceTest;
import java.math.BigDecimal;

/** The sample adapter declares only market orders and no streaming: the suite checks the refusals. */
class SampleConformanceTest extends BrokerAdapterConformanceTest {

    private SampleBrokerAdapter sample;

    @Override
    protected BrokerAdapter createAdapter() {
        sample = new SampleBrokerAdapter("sample-1", "EUR_USD", new BigDecimal("1.10000"), new BigDecimal("1.10020"));
        return sample;
    }

    @Override
    protected long brokerRequestCount() {
        return sample.requestCount();
    }

    @Override
    protected boolean loseTheNextOrderAnswer() {
        sample.loseNextOrderAnswer();
        return true;
    }

    @Override
    protected boolean executeTheNextOrderLate() {
        sample.executeNextOrderLate();
        return true;
    }

    @Override
    protected PriceTick currentPrice(String symbol) {
        return sample.quote();
    }
}
