package io.multibroker.oanda;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The adapter's market order request, as the plain-client sides of {@link V20PeerComparison} send it. */
final class PlainOrderRequest {

    static final String TOKEN = "t";

    private PlainOrderRequest() {
    }

    /** The body the adapter writes for a market order of one unit, with a fresh client order id. */
    static byte[] body(boolean buy) {
        return ("{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"" + (buy ? "1" : "-1")
                + "\",\"timeInForce\":\"FOK\",\"positionFill\":\"DEFAULT\",\"clientExtensions\":{\"id\":\"" + UUID.randomUUID() + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
