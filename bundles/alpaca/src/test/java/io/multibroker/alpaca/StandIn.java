package io.multibroker.alpaca;

import io.multibroker.alpaca.stub.AlpacaStub;
import java.time.Duration;
import java.util.Set;

/** Adapters on the loopback stand-in, with settings short enough for tests. */
final class StandIn {

    private StandIn() {
    }

    static AlpacaBrokerAdapter.Settings settings(AlpacaStub stub, String accountId) {
        return settings(stub, accountId, Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    static AlpacaBrokerAdapter.Settings settings(AlpacaStub stub, String accountId, Duration streamTimeout, Duration reconcileWindow) {
        return new AlpacaBrokerAdapter.Settings(accountId, AlpacaBrokerAdapter.Endpoints.of("custom", stub.restUrl(),
                stub.streamUrl() + "/stream", stub.streamUrl()), stub.key(), stub.secret(), "iex", 10_000, Duration.ofSeconds(5),
                streamTimeout, Duration.ofSeconds(2), reconcileWindow, Duration.ofMinutes(5), Set.of("us_equity", "crypto"), Set.of());
    }
}
