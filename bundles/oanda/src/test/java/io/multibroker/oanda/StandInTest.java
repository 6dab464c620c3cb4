package io.multibroker.oanda;

import io.multibroker.oanda.stub.OandaStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The fixture of the tests that drive one adapter on the stand-in: both made before each test, closed after it. */
abstract class StandInTest {

    protected OandaStub stub;
    protected OandaBrokerAdapter adapter;

    @BeforeEach
    void startStandIn() throws Exception {
        stub = StandIn.start();
        adapter = StandIn.adapter(stub);
    }

    @AfterEach
    void closeStandIn() {
        adapter.deactivate();
        stub.close();
    }
}
