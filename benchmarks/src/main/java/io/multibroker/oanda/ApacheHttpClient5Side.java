package io.multibroker.oanda;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The adapter's order request sent by Apache HttpClient 5's classic client on the caller's own thread, with as many
 * pooled connections as callers: the floor of the transport the adapter uses, without the adapter around it.
 */
final class ApacheHttpClient5Side implements AutoCloseable {

    private final CloseableHttpClient client;
    private final URI orders;

    ApacheHttpClient5Side(URI orders, int connections) {
        this.orders = orders;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(10, TimeUnit.SECONDS)).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().build();
    }

    boolean order(boolean buy) throws IOException {
        HttpPost post = new HttpPost(orders);
        post.setHeader("Authorization", "Bearer " + PlainOrderRequest.TOKEN);
        post.setHeader("Accept-Datetime-Format", "RFC3339");
        post.setEntity(new ByteArrayEntity(PlainOrderRequest.body(buy), ContentType.APPLICATION_JSON));
        return client.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode() == 201;
        });
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
