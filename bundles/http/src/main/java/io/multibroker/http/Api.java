package io.multibroker.http;

import io.multibroker.api.cluster.ClusterCredential;
import io.multibroker.api.error.StandardBrokerError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches one request to its route: matched by method and path, the bearer token checked against the route's
 * role, the handler called, and every failure turned into a problem document (a malformed body or a bad field a 400,
 * an unexpected failure a 500 that says nothing of the internals). Independent of the servlet, so that it can be
 * called directly in tests.
 */
public final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    /**
     * What a request came to.
     *
     * @param status the HTTP status
     * @param body the answer or the problem, or null
     * @param headers headers to add
     * @param route the route's path template, for metrics ({@code unmatched} when none matched)
     * @param streaming true when the route took the response over (an event stream)
     */
    public record Outcome(int status, Object body, Map<String, String> headers, String route, boolean streaming) {
    }

    private final RouteTable table;
    private final TokenStore tokens;
    private final Supplier<Optional<ClusterCredential>> cluster;

    public Api(RouteTable table, TokenStore tokens) {
        this(table, tokens, Optional::empty);
    }

    /** @param cluster the credential the other runtimes sharing the database present when they forward an order, if any */
    public Api(RouteTable table, TokenStore tokens, Supplier<Optional<ClusterCredential>> cluster) {
        this.table = table;
        this.tokens = tokens;
        this.cluster = cluster;
    }

    public RouteTable table() {
        return table;
    }

    public Outcome dispatch(String method, String path, Map<String, List<String>> query, String authorization, String contentType,
            byte[] body, HttpServletRequest request, HttpServletResponse response) {
        String template = "unmatched";
        try {
            RouteTable.Match match = table.match(method, RouteTable.segments(path), path);
            Route route = match.route();
            template = route.path();
            TokenInfo caller = null;
            BooleanSupplier callerInForce = () -> true;
            if (route.role() != null) {
                caller = authenticate(authorization);
                if (!caller.role().includes(route.role())) {
                    throw ApiException.forbidden(caller.role(), route.role());
                }
                callerInForce = inForce(caller, authorization);
            }
            if (route.body() != null && (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
                throw ApiException.unsupportedMediaType(contentType);
            }
            ApiCall call = new ApiCall(path, match.params(), query, body, caller, callerInForce, request, response);
            if (route.streams()) {
                route.stream().open(call);
                return new Outcome(200, null, Map.of(), template, true);
            }
            Reply reply = route.handler().handle(call);
            return new Outcome(reply.status(), reply.body(), reply.headers(), template, false);
        } catch (ApiException e) {
            return problem(e.problem(), path, template);
        } catch (StandardBrokerError e) {
            return problem(ApiException.from(e).problem(), path, template);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(ApiException.unavailable("the runtime is stopping").problem(), path, template);
        } catch (Exception e) {
            // logged with its stack for the operator; the caller learns only that it failed, not the internals
            LOG.error("{} {} failed", method, path, e);
            return problem(new Problem("about:blank", "Internal error", 500, "the request failed inside the runtime; "
                    + "its log (logger io.multibroker.http.Api) says why", path, null, List.of()), path, template);
        }
    }

    /** Whether the credential the caller presented is still in force: asked again by an event stream at each write. */
    private BooleanSupplier inForce(TokenInfo caller, String authorization) {
        if (caller.clusterPeer()) {
            String token = authorization.substring(7).trim();
            return () -> cluster.get().map(credential -> credential.admits(token)).orElse(false);
        }
        return () -> tokens.active(caller.id());
    }

    private TokenInfo authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("send an API token as Authorization: Bearer <token> (created with http:token-create)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("the Authorization header must be Bearer <token>");
        }
        String token = authorization.substring(7).trim();
        if (cluster.get().map(credential -> credential.admits(token)).orElse(false)) {
            // another runtime forwarding an order: the trader role, nothing more
            return TokenInfo.CLUSTER_PEER;
        }
        Optional<TokenInfo> caller = tokens.authenticate(token);
        return caller.orElseThrow(() -> ApiException.unauthorized("the token is not valid (unknown, revoked or mistyped)"));
    }

    private static Outcome problem(Problem problem, String path, String template) {
        Map<String, String> headers = problem.status() == 401 ? Map.of("WWW-Authenticate", "Bearer realm=\"multibroker\"") : Map.of();
        return new Outcome(problem.status(), problem.at("/api/v1" + path), headers, template, false);
    }
}
