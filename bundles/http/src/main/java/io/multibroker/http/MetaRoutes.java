package io.multibroker.http;

import static io.multibroker.http.Role.ADMIN;
import static io.multibroker.http.Role.VIEWER;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The API's own operations: its OpenAPI document, who the caller is, and API tokens. */
final class MetaRoutes {

    /**
     * The body of {@code POST /tokens}.
     *
     * @param name what the token is for
     * @param role what it may do
     */
    @Doc("A token to create")
    public record CreateToken(@Doc(value = "what the token is for", required = true, example = "strategy-7") String name,
            @Doc(value = "viewer (reads), trader (reads and orders) or admin (everything)", required = true) Role role) {
    }

    private final TokenStore tokens;
    private final Supplier<ObjectNode> openApi;

    MetaRoutes(TokenStore tokens, Supplier<ObjectNode> openApi) {
        this.tokens = tokens;
        this.openApi = openApi;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/openapi.json", null).tag("meta")
                .summary("This API's OpenAPI 3 document, built from the code that serves it; needs no token")
                .answers(Shape.of(Object.class)).handle(call -> Reply.ok(openApi.get())));
        routes.add(Route.get("/me", VIEWER).tag("meta").summary("The calling token's name and role")
                .answers(Shape.of(TokenInfo.class)).handle(call -> Reply.ok(call.caller())));
        routes.add(Route.get("/tokens", ADMIN).tag("tokens").summary("The API tokens (never the tokens themselves)")
                .answers(Shape.listOf(TokenInfo.class)).handle(call -> Reply.ok(tokens.list())));
        routes.add(Route.post("/tokens", ADMIN).tag("tokens").status(201)
                .summary("Creates a token; the answer is the only time it is shown (it is stored as a salted hash)")
                .body(CreateToken.class).answers(Shape.of(Views.CreatedToken.class)).handle(call -> {
                    CreateToken request = call.body(CreateToken.class);
                    String token;
                    try {
                        token = tokens.create(request.name(), request.role());
                    } catch (IllegalArgumentException e) {
                        throw ApiException.invalid("name", request.name(), e.getMessage());
                    }
                    TokenInfo info = tokens.authenticate(token).orElseThrow();
                    return Reply.created(new Views.CreatedToken(token, info)).withHeader("Cache-Control", "no-store");
                }));
        routes.add(Route.delete("/tokens/{token}", ADMIN).tag("tokens").status(204).summary("Revokes a token at once")
                .path("token", "the token's name or id").handle(call -> {
                    if (!tokens.revoke(call.path("token"))) {
                        throw ApiException.notFound("no token named " + call.path("token"));
                    }
                    return new Reply(204, null, Map.of());
                }));
        return routes;
    }
}
