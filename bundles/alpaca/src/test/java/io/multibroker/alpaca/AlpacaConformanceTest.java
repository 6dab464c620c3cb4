package io.multibroker.alpaca;

import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.alpaca.stub.StubClock;
import io.multibroker.alpaca.stub.StubFaults;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderResult;
import io.multibroker.conformance.BrokerAdapterConformanceTest;
import java.math.BigDecimal;
import java.time.Duration;
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

    /**
     * The stand-in closes the connection without an answer and carries the order out after the adapter's reconciliation
     * window (two seconds here) has run out.
     */
    @Override
    protected boolean executeTheNextOrderLate() {
        stub.faults().executionDelay(Duration.ofSeconds(3)).next(1, StubFaults.Kind.EXECUTED_LATER, StubFaults.Target.ORDER_SUBMISSIONS);
        return true;
    }

    /** The stand-in's session closes, and the adapter reads Alpaca's clock again (its health check does). */
    @Override
    protected boolean closeTheMarket() throws Exception {
        stub.clock().set(StubClock.Hours.CLOSED);
        await(adapter.checkHealth());
        return true;
    }

    @Override
    protected boolean openTheMarket() throws Exception {
        stub.clock().set(StubClock.Hours.ALWAYS_OPEN);
        await(adapter.checkHealth());
        return true;
    }

    /** The stand-in moves its quote to the order's limit and matches at once. */
    @Override
    public boolean touchRestingOrder(OrderResult resting) {
        return stub.reach(resting.brokerOrderId());
    }

    @Override
    public boolean limitLiquidity(BigDecimal unitsPerFill) {
        stub.liquidity(unitsPerFill);
        return true;
    }

    /** Alpaca has no GTD: orders for the day expire at the close, which the stand-in brings now. */
    @Override
    public boolean endTheTradingDay() {
        stub.endTheDay();
        return true;
    }
}
