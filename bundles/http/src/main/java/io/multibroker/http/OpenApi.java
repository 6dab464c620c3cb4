package io.multibroker.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0 document of the API, built from the route table and from the records the routes read and answer:
 * nothing in it is written by hand, so it says what the code does. Decimals are strings (format {@code decimal}).
 */
public final class OpenApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    private OpenApi() {
    }

    public static ObjectNode document(RouteTable table, String version) {
        return new OpenApi().build(table, version);
    }

    private ObjectNode build(RouteTable table, String version) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Multibroker HTTP API");
        info.put("version", version);
        info.put("description", "Accounts, orders (idempotent by client order id), order events and prices as Server-Sent Events, "
                + "experiments and configuration of a Multibroker runtime. Money and quantities are decimal strings. Errors are "
                + "application/problem+json (RFC 9457). Every operation needs a bearer token (http:token-create); x-role names the "
                + "least role that may call it.");
        doc.putArray("servers").addObject().put("url", "/api/v1");
        ObjectNode paths = doc.putObject("paths");
        for (Route route : table.routes()) {
            ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("bearer").put("type", "http").put("scheme", "bearer");
        doc.putArray("security").addObject().putArray("bearer");
        schema(Problem.class);
        ObjectNode all = components.putObject("schemas");
        schemas.forEach(all::set);
        return doc;
    }

    private ObjectNode operation(Route route) {
        ObjectNode op = NODES.objectNode();
        op.put("operationId", operationId(route));
        op.put("summary", route.summary());
        op.putArray("tags").add(route.tag());
        op.put("x-role", route.role() == null ? "public" : route.role().id());
        if (route.role() == null) {
            op.putArray("security");
        }
        if (!route.params().isEmpty()) {
            ArrayNode params = op.putArray("parameters");
            for (Route.Param param : route.params()) {
                ObjectNode p = params.addObject();
                p.put("name", param.name());
                p.put("in", param.inPath() ? "path" : "query");
                p.put("required", param.required());
                if (!param.description().isEmpty()) {
                    p.put("description", param.description());
                }
                p.putObject("schema").put("type", "string");
            }
        }
        if (route.body() != null) {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            body.putObject("content").putObject("application/json").set("schema", schema(route.body()));
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(String.valueOf(route.status()));
        if (route.streams()) {
            ok.put("description", "a text/event-stream: each event's id resumes the stream with Last-Event-ID");
            ok.putObject("content").putObject("text/event-stream").putObject("schema").put("type", "string");
        } else if (route.answer() == null) {
            ok.put("description", "done; no content");
        } else {
            ok.put("description", "the answer");
            ok.putObject("content").putObject("application/json").set("schema", shape(route.answer()));
        }
        if (route.path().equals("/orders") && route.method().equals("POST")) {
            ObjectNode replay = responses.putObject("200");
            replay.put("description", "the client order id is known already: the order as it stands now (header Idempotent-Replay: true)");
            replay.putObject("content").putObject("application/json").set("schema", shape(route.answer()));
        }
        ObjectNode problem = NODES.objectNode();
        problem.putObject("content").putObject(Problem.MEDIA_TYPE).set("schema", ref(Problem.class));
        problem.put("description", "a problem document naming the field, the value and the rule, or the error code");
        responses.set("default", problem);
        return op;
    }

    /** {@code GET /accounts/{account}/positions} becomes {@code getAccountsAccountPositions}. */
    static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String segment : route.segments()) {
            String word = segment.replaceAll("[{}]", "");
            for (String part : word.split("[-_.]")) {
                if (!part.isEmpty()) {
                    id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
        }
        return id.toString();
    }

    private ObjectNode shape(Shape shape) {
        ObjectNode element = schema(shape.type());
        return switch (shape.kind()) {
            case ONE -> element;
            case LIST -> {
                ObjectNode array = NODES.objectNode().put("type", "array");
                array.set("items", element);
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode().put("type", "object");
                map.set("additionalProperties", element);
                yield map;
            }
        };
    }

    private ObjectNode ref(Class<?> type) {
        schema(type);
        return NODES.objectNode().put("$ref", "#/components/schemas/" + type.getSimpleName());
    }

    /** The schema of a type: inline for plain values, a reference for records (registered once). */
    ObjectNode schema(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = NODES.objectNode().put("type", "array");
                array.set("items", schema(args[0]));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = NODES.objectNode().put("type", "object");
                map.set("additionalProperties", schema(args[1]));
                return map;
            }
            return schema(raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return NODES.objectNode().put("type", "string");
        }
        if (c == BigDecimal.class) {
            return NODES.objectNode().put("type", "string").put("format", "decimal").put("pattern", "^-?[0-9]+(\\.[0-9]+)?$");
        }
        if (c == Instant.class) {
            return NODES.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == Duration.class) {
            return NODES.objectNode().put("type", "string").put("format", "duration");
        }
        if (c == boolean.class || c == Boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (c == int.class || c == Integer.class) {
            return NODES.objectNode().put("type", "integer").put("format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return NODES.objectNode().put("type", "integer").put("format", "int64");
        }
        if (c == double.class || c == Double.class) {
            return NODES.objectNode().put("type", "number").put("nullable", true);
        }
        if (c.isEnum()) {
            ObjectNode e = NODES.objectNode().put("type", "string");
            ArrayNode values = e.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return e;
        }
        if (c.isRecord()) {
            if (!schemas.containsKey(c.getSimpleName())) {
                ObjectNode record = NODES.objectNode().put("type", "object");
                schemas.put(c.getSimpleName(), record);
                Doc typeDoc = c.getAnnotation(Doc.class);
                if (typeDoc != null) {
                    record.put("description", typeDoc.value());
                }
                ObjectNode properties = record.putObject("properties");
                ArrayNode required = NODES.arrayNode();
                for (RecordComponent component : c.getRecordComponents()) {
                    ObjectNode property = schema(component.getGenericType()).deepCopy();
                    Doc doc = component.getAnnotation(Doc.class);
                    if (doc != null) {
                        property = describe(property, doc);
                        if (doc.required()) {
                            required.add(component.getName());
                        }
                    }
                    properties.set(component.getName(), property);
                }
                if (!required.isEmpty()) {
                    record.set("required", required);
                }
                record.put("additionalProperties", false);
            }
            return NODES.objectNode().put("$ref", "#/components/schemas/" + c.getSimpleName());
        }
        if (c == Object.class) {
            return NODES.objectNode();
        }
        throw new IllegalArgumentException("no schema for " + c);
    }

    private static ObjectNode describe(ObjectNode property, Doc doc) {
        ObjectNode described = property;
        if (property.has("$ref")) {
            // OpenAPI 3.0 ignores siblings of $ref: the description goes beside it in an allOf
            described = NODES.objectNode();
            described.putArray("allOf").add(property);
        }
        described.put("description", doc.value());
        if (!doc.example().isEmpty()) {
            described.put("example", doc.example());
        }
        if (!doc.pattern().isEmpty()) {
            described.put("pattern", doc.pattern());
        }
        return described;
    }
}
