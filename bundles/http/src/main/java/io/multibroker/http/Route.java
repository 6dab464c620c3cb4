package io.multibroker.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One operation of the API: what it answers to, who may call it, what it reads and answers, and the code that does it.
 * The same value dispatches requests and describes the operation in the OpenAPI document, so the two cannot differ.
 *
 * @param method the HTTP method
 * @param path the path under {@code /api/v1}, with {@code {name}} segments
 * @param role the least role that may call it
 * @param tag the group it is listed under
 * @param summary what it does
 * @param params the path and query parameters
 * @param body the record a request body is read into, or null for none
 * @param answer the shape of a successful answer, or null for an event stream
 * @param status the status of a successful answer
 * @param handler answers a call (null for an event stream)
 * @param stream serves an event stream (null for an ordinary call)
 */
public record Route(String method, String path, Role role, String tag, String summary, List<Param> params,
        Class<? extends Record> body, Shape answer, int status, Handler handler, StreamHandler stream) {

    /** Answers one call. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(ApiCall call) throws Exception;
    }

    /** Starts an event stream on the call's response. */
    @FunctionalInterface
    public interface StreamHandler {
        void open(ApiCall call) throws Exception;
    }

    /**
     * A path or query parameter.
     *
     * @param name its name
     * @param inPath true in the path, false in the query
     * @param required whether it must be given
     * @param description what it means
     */
    public record Param(String name, boolean inPath, boolean required, String description) {
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        params = List.copyOf(params);
        if ((handler == null) == (stream == null)) {
            throw new IllegalArgumentException(method + " " + path + ": exactly one of handler and stream");
        }
    }

    /** The path's segments ({@code {account}} for a parameter). */
    public List<String> segments() {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    public boolean streams() {
        return stream != null;
    }

    public static Builder get(String path, Role role) {
        return new Builder("GET", path, role);
    }

    public static Builder post(String path, Role role) {
        return new Builder("POST", path, role);
    }

    public static Builder delete(String path, Role role) {
        return new Builder("DELETE", path, role);
    }

    /** Builds a route: the path's {@code {name}} segments become required path parameters. */
    public static final class Builder {
        private final String method;
        private final String path;
        private final Role role;
        private String tag = "";
        private String summary = "";
        private final List<Param> params = new ArrayList<>();
        private Class<? extends Record> body;
        private Shape answer;
        private int status = 200;

        private Builder(String method, String path, Role role) {
            this.method = method;
            this.path = path;
            this.role = role;
            for (String segment : path.split("/")) {
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    params.add(new Param(segment.substring(1, segment.length() - 1), true, true, ""));
                }
            }
        }

        public Builder tag(String value) {
            this.tag = value;
            return this;
        }

        public Builder summary(String value) {
            this.summary = value;
            return this;
        }

        /** Describes a path parameter. */
        public Builder path(String name, String description) {
            params.replaceAll(param -> param.inPath() && param.name().equals(name) ? new Param(name, true, true, description) : param);
            return this;
        }

        public Builder query(String name, boolean required, String description) {
            params.add(new Param(name, false, required, description));
            return this;
        }

        public Builder body(Class<? extends Record> value) {
            this.body = value;
            return this;
        }

        public Builder answers(Shape value) {
            this.answer = value;
            return this;
        }

        public Builder status(int value) {
            this.status = value;
            return this;
        }

        public Route handle(Handler handler) {
            return new Route(method, path, role, tag, summary, params, body, answer, status, handler, null);
        }

        public Route streams(StreamHandler stream) {
            return new Route(method, path, role, tag, summary, params, body, null, status, null, stream);
        }
    }
}
