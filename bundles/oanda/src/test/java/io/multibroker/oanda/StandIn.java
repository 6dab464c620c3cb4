package io.multibroker.oanda;

import io.multibroker.oanda.stub.OandaStub;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** Adapters on the loopback stand-in, for the tests. */
final class StandIn {

    static final String ACCOUNT = "101-001-0000001-001";
    static final String TOKEN = "stand-in-token";

    private StandIn() {
    }

    static OandaStub start() throws Exception {
        return OandaStub.builder().account(ACCOUNT).token(TOKEN).heartbeat(Duration.ofMillis(500)).start();
    }

    static OandaBrokerAdapter adapter(OandaStub stub) {
        return adapter(stub, TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    static OandaBrokerAdapter adapter(OandaStub stub, String token, Duration requestTimeout, Duration streamTimeout) {
        // a short reconciliation window: a test of an outcome that stays unknown waits it out
        return adapter(stub, token, requestTimeout, streamTimeout, Duration.ofSeconds(2));
    }

    static OandaBrokerAdapter adapter(OandaStub stub, String token, Duration requestTimeout, Duration streamTimeout, Duration reconcileWindow) {
        URI base = URI.create(stub.baseUrl());
        return new OandaBrokerAdapter(new OandaBrokerAdapter.Settings("oanda-test", ACCOUNT, new OandaBrokerAdapter.Endpoints(base, base),
                token, requestTimeout, streamTimeout, 100, 2, Set.of(), Duration.ofMinutes(5), reconcileWindow));
    }
}
