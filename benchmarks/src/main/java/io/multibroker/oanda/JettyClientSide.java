package io.multibroker.oanda;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.util.BytesContentProvider;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The adapter's order request sent by Jetty's client (9.4, the one Karaf ships), the caller blocking on {@code send},
 * with as many connections as callers: the floor of that transport, measured as an alternative to the adapter's.
 */
final class JettyClientSide implements AutoCloseable {

    private final HttpClient client = new HttpClient();
    private final URI orders;

    JettyClientSide(URI orders, int connections) throws Exception {
        this.orders = orders;
        client.setMaxConnectionsPerDestination(connections);
        client.setFollowRedirects(false);
        client.start();
    }

    boolean order(boolean buy) throws Exception {
        return client.newRequest(orders).method(HttpMethod.POST).header("Authorization", "Bearer " + PlainOrderRequest.TOKEN)
                .header("Accept-Datetime-Format", "RFC3339").content(new BytesContentProvider("application/json", PlainOrderRequest.body(buy)))
                .timeout(10, TimeUnit.SECONDS).send().getStatus() == 201;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
