package io.multibroker.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes of the API, matched by method and path segments; a literal segment wins over a parameter. */
public final class RouteTable {

    /** A route that matched, with its path parameters. */
    public record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes;
    /** Each route's path segments, split once: matching compares them for every route on every request. */
    private final List<List<String>> templates;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.templates = this.routes.stream().map(route -> List.copyOf(route.segments())).toList();
        Map<String, Route> seen = new HashMap<>();
        for (Route route : routes) {
            String key = route.method() + " " + route.path().replaceAll("\\{[^}]+}", "{}");
            if (seen.put(key, route) != null) {
                throw new IllegalArgumentException("two routes for " + key);
            }
        }
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route for the method and path, a 405 problem when only other methods match, a 404 problem when none. */
    public Match match(String method, List<String> segments, String path) {
        Match best = null;
        int bestLiterals = -1;
        boolean otherMethod = false;
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            List<String> template = templates.get(i);
            Optional<Map<String, String>> params = params(template, segments);
            if (params.isEmpty()) {
                continue;
            }
            if (!route.method().equals(method)) {
                otherMethod = true;
                continue;
            }
            int literals = template.size() - params.get().size();
            if (literals > bestLiterals) {
                best = new Match(route, params.get());
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        if (otherMethod) {
            throw ApiException.methodNotAllowed(method, path);
        }
        throw ApiException.notFound("no operation at " + path + " (the operations are listed in /api/v1/openapi.json)");
    }

    private static Optional<Map<String, String>> params(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{")) {
                params.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** The path's segments, each percent-decoded ({@code +} stays a plus: it is a space only in a query). */
    public static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }
}
