package io.multibroker.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The HTTP API's settings ({@code etc/io.multibroker.http.cfg}). The address and port are Pax Web's, which owns the
 * listener ({@code etc/org.ops4j.pax.web.cfg}: {@code org.ops4j.pax.web.listening.addresses}, {@code org.osgi.service.http.port},
 * and the keystore for TLS).
 */
@ObjectClassDefinition(id = "io.multibroker.http", name = "Multibroker HTTP API",
        description = "The JSON API under /api/v1, its event streams, API tokens and the Prometheus /metrics")
@interface HttpApiConfig {

    @AttributeDefinition(name = "Largest request body", description = "bytes; a larger body is answered 413 unread", min = "1024", max = "10485760")
    int max_body_bytes() default 65_536;

    @AttributeDefinition(name = "CORS origins", description = "origins a browser may call the API from (https://app.example.com); "
            + "none by default: no CORS headers are sent", cardinality = 100)
    String[] cors_origins() default {};

    @AttributeDefinition(name = "Public metrics", description = "serve /metrics without a token (it names accounts and experiments)")
    boolean metrics_public() default false;

    @AttributeDefinition(name = "TLS required", description = "refuse requests that did not come over TLS (Pax Web's HTTPS connector)")
    boolean tls_required() default false;

    @AttributeDefinition(name = "Order events kept for resuming", description = "how many of the latest order events a stream "
            + "resumed with Last-Event-ID can catch up on", min = "100", max = "1000000")
    int events_replay() default 10_000;

    @AttributeDefinition(name = "Token file", description = "where the API tokens' hashes are kept, relative to karaf.data")
    String tokens_file() default "multibroker/http-tokens.json";
}
