package io.multibroker.alpaca;

import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.api.BrokerAdapter;
import java.time.Duration;
import java.util.Set;

/**
 * An Alpaca adapter on the loopback stand-in, for the paper account's tests that follow a real adapter's prices. It sits in
 * the adapter's package (on the test classpath that is allowed) to reach its package-private settings, as its own tests do.
 */
public final class AlpacaOnTheStandIn {

    private AlpacaOnTheStandIn() {
    }

    /** @param streamTimeout the silence after which the adapter reconnects its streams */
    public static BrokerAdapter adapter(AlpacaStub stub, String accountId, Duration streamTimeout) {
        return new AlpacaBrokerAdapter(new AlpacaBrokerAdapter.Settings(accountId, AlpacaBrokerAdapter.Endpoints.of("custom",
                stub.restUrl(), stub.streamUrl() + "/stream", stub.streamUrl()), stub.key(), stub.secret(), "iex", 10_000,
                Duration.ofSeconds(5), streamTimeout, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(5),
                Set.of("us_equity", "crypto"), Set.of()));
    }

    public static void close(BrokerAdapter adapter) {
        ((AlpacaBrokerAdapter) adapter).deactivate();
    }
}
