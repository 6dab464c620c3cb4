package io.multibroker.oanda;

import io.multibroker.oanda.stub.OandaStub;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The fixture of the tests that drive one adapter on the stand-in: started and connected before each test, closed after. */
abstract class ConnectedStandInTest {

    protected OandaStub stub;
    protected OandaBrokerAdapter adapter;

    @BeforeEach
    void connectToStandIn() throws Exception {
        stub = StandIn.start();
        adapter = StandIn.adapter(stub);
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeStandIn() {
        adapter.deactivate();
        stub.close();
    }
}
