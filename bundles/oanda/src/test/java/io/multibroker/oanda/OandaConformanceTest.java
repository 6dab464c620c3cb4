package io.multibroker.oanda;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderResult;
import io.multibroker.conformance.BrokerAdapterConformanceTest;
import io.multibroker.oanda.stub.Faults;
import io.multibroker.oanda.stub.OandaStub;

/** The shared adapter contract, against the v20 stand-in: a fresh stand-in (and account) for every test. */
class OandaConformanceTest extends BrokerAdapterConformanceTest {

    private OandaStub stub;

    @Override
    protected BrokerAdapter createAdapter() throws Exception {
        stub = StandIn.start();
        return StandIn.adapter(stub);
    }

    /** The stand-in carries the next order out, then closes the connection without an answer. */
    @Override
    protected boolean loseTheNextOrderAnswer() {
        stub.faults().next(1, Faults.Kind.DROP_AFTER_ACCEPT, Faults.Target.ORDER_SUBMISSIONS);
        return true;
    }

    /** The stand-in closes the connection without an answer and carries the order out two seconds later. */
    @Override
    protected boolean executeTheNextOrderLate() {
        stub.faults().next(1, Faults.Kind.EXECUTED_LATER, Faults.Target.ORDER_SUBMISSIONS);
        return true;
    }

    /** The stand-in moves its market to the order's price and matches at once: OANDA fills the order whole there. */
    @Override
    public boolean touchRestingOrder(OrderResult resting) {
        return stub.reach(StandIn.ACCOUNT, resting.brokerOrderId());
    }

    @Override
    protected long brokerRequestCount() {
        return stub.restRequests();
    }

    @Override
    protected void destroyAdapter(BrokerAdapter toDestroy) throws Exception {
        super.destroyAdapter(toDestroy);
        ((OandaBrokerAdapter) toDestroy).deactivate();
        stub.close();
    }
}
