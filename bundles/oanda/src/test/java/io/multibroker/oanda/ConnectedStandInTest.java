package io.multibroker.oanda;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;

/** {@link StandInTest} with the adapter connected before each test (after the stand-in started). */
abstract class ConnectedStandInTest extends StandInTest {

    @BeforeEach
    void connectToStandIn() throws Exception {
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
