package io.multibroker.alpaca;

import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.alpaca.stub.StubClock;
import io.multibroker.alpaca.stub.StubFaults;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.conformance.BrokerAdapterConformanceTest;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared adapter contract, against the Alpaca adapter on a fresh stand-in account per test. */
class AlpacaConformanceTest extends BrokerAdapterConformanceTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private AlpacaStub stub;

    @Override
    protected BrokerAdapter createAdapter() throws Exception {
        stub = AlpacaStub.builder().start();
        return new AlpacaBrokerAdapter(StandIn.settings(stub, "alpaca-conformance-" + ACCOUNTS.incrementAndGet()));
    }

    @Override
    protected void destroyAdapter(BrokerAdapter toDestroy) throws Exception {
        ((AlpacaBrokerAdapter) toDestroy).deactivate();
        stub.close();
    }

    @Override
    protected long brokerRequestCount() {
        return ((AlpacaBrokerAdapter) adapter).requestCount();
    }

    @Override
    protected String instrument() {
        return "AAPL";
    }

    @Override
    protected boolean loseTheNextOrderAnswer() {
        stub.faults().next(1, StubFaults.Kind.DROP_AFTER_ACCEPT, StubFaults.Target.ORDER_SUBMISSIONS);
        return true;
    }

    @Override
    protected boolean closeTheMarket() throws Exception {
        stub.clock().set(StubClock.Hours.CLOSED);
        await(adapter.checkHealth());
        return true;
    }
}
