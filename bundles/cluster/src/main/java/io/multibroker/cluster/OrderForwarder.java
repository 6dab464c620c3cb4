package io.multibroker.cluster;

import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.OrderForwarding;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.RequestThreads;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an order for an account another runtime drives to that runtime's HTTP API ({@code POST <api.url>/orders}, routed
 * explicitly to the account, with the cluster's token), once: a request whose answer is lost is reported UNKNOWN with its
 * client order id, never sent again from here (the JDK's client resends no POST by itself); the owner places a client
 * order id at most once, so the caller may send it again to learn how it stands. Present only where runtimes share a
 * database (it needs the account ownership).
 */
@Component(service = OrderForwarding.class, configurationPid = AccountLeases.PID)
public final class OrderForwarder implements OrderForwarding {

    private static final Logger LOG = LoggerFactory.getLogger(OrderForwarder.class);

    private final AccountOwnership ownership;
    private final boolean enabled;
    private final ClusterToken token;
    private final Duration timeout;
    private final HttpClient http;
    /** Where a forwarded order's request blocks: a thread of its own (never the caller's: the JDK's send gives up on an interrupt). */
    private final RequestThreads requestThreads = new RequestThreads("multibroker-forwarding", false);
    private final Clock clock;

    @Activate
    public OrderForwarder(ClusterConfig config, @Reference AccountOwnership ownership) {
        this(ownership, config.forward_orders(), ClusterToken.of(config.cluster_token()), Duration.ofMillis(config.forward_timeout_ms()),
                Duration.ofMillis(config.forward_connect_timeout_ms()), Clock.systemUTC());
        if (enabled) {
            token.problem().ifPresent(problem -> {
                if (token.given()) {
                    LOG.error("orders for accounts other runtimes drive are refused, not forwarded: {}", problem);
                } else {
                    LOG.warn("orders for accounts other runtimes drive are refused, not forwarded: {}", problem);
                }
            });
        } else {
            LOG.info("forward.orders is false: orders for accounts other runtimes drive are refused naming the owner");
        }
    }

    OrderForwarder(AccountOwnership ownership, boolean enabled, ClusterToken token, Duration timeout, Duration connectTimeout,
            Clock clock) {
        this.ownership = ownership;
        this.enabled = enabled;
        this.token = token;
        this.timeout = timeout;
        this.clock = clock;
        // HTTP/1.1: the runtimes' API is Jetty without HTTP/2; no redirects: an order goes to the owner's URL or nowhere
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Orders being forwarded finish; no new one is sent. */
    @Deactivate
    void deactivate() {
        requestThreads.shutdown();
    }

    @Override
    public boolean forwards(String accountId) {
        return enabled && ownerElsewhere(accountId).isPresent();
    }

    /** The lease of another runtime that said where its API answers and has not let it lapse. */
    private Optional<AccountLease> ownerElsewhere(String accountId) {
        return ownership.lease(accountId).filter(lease -> !lease.here() && !lease.ownerUrl().isBlank()
                && lease.expiresAt().isAfter(clock.instant()));
    }

    @Override
    public CompletionStage<OrderResult> forward(String accountId, UnifiedOrder order) {
        Optional<AccountLease> lease = ownerElsewhere(accountId);
        if (lease.isEmpty()) {
            // the lease moved since the caller asked: the caller refuses or places it itself on its next try
            return CompletableFuture.completedFuture(new ForwardedOrder(accountId, order, "(none)", clock.instant())
                    .notForwarded(ErrorCode.ACCOUNT_NOT_OWNED, "no other runtime drives the account now (its lease moved or "
                            + "lapsed); try again in a moment"));
        }
        ForwardedOrder forwarded = new ForwardedOrder(accountId, order, lease.get().owner(), clock.instant());
        Optional<String> credential = token.value();
        if (credential.isEmpty()) {
            return CompletableFuture.completedFuture(forwarded.notForwarded(ErrorCode.ACCOUNT_NOT_OWNED, token.problem().orElseThrow()));
        }
        if (!forwarded.forwardable()) {
            return CompletableFuture.completedFuture(forwarded.notForwarded(ErrorCode.INVALID_ORDER, "it has broker-specific fields, "
                    + "which the owner's API does not take (it would be placed without them)"));
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(lease.get().ownerUrl().replaceAll("/+$", "") + "/orders")).timeout(timeout)
                    .header("Authorization", "Bearer " + credential.get()).header("Content-Type", "application/json")
                    .header("Multibroker-Forwarded-By", ownership.runtimeId())
                    .POST(HttpRequest.BodyPublishers.ofString(forwarded.body())).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(forwarded.notForwarded(ErrorCode.CONFIGURATION_INVALID, "its api.url "
                    + lease.get().ownerUrl() + " is not a URL (" + e.getMessage() + ")"));
        }
        // the blocking send: sendAsync hands each answer to a new thread on a machine of two cores (RequestThreads)
        return requestThreads.exchange(() -> http.send(request, HttpResponse.BodyHandlers.ofString())).handle((response, failure) -> {
            if (failure == null) {
                return forwarded.answer(response.statusCode(), response.body());
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                return forwarded.notConnected(cause.toString());
            }
            LOG.warn("order {} forwarded to runtime {} for {}: no answer ({}); reported UNKNOWN, not resent", order.clientOrderId(),
                    lease.get().owner(), accountId, cause.toString());
            return forwarded.unknown("the answer of runtime " + lease.get().owner() + ", which drives account " + accountId
                    + ", was lost (" + cause + ")");
        });
    }
}
