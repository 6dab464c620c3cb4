package io.multibroker.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a request body into a record, strictly, by the record's own components: the same components the OpenAPI
 * document describes. A field of an unknown name, a decimal given as a JSON number (which a client's JSON library may
 * already have rounded through a binary double), a missing required field or a value outside its type is refused,
 * and every refusal names the field, the value and the rule.
 */
public final class RecordReader {

    private RecordReader() {
    }

    public static <R extends Record> R read(JsonNode node, Class<R> type) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Object value = readRecord(node, type, "", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return type.cast(value);
    }

    /** What reading a record type needs, looked up by reflection once per type rather than on every request. */
    private record RecordShape(RecordComponent[] components, Doc[] docs, Type[] genericTypes, Set<String> names, Constructor<?> constructor) {
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Doc[] docs = new Doc[components.length];
            Type[] generic = new Type[components.length];
            Set<String> names = new HashSet<>();
            for (int i = 0; i < components.length; i++) {
                docs[i] = components[i].getAnnotation(Doc.class);
                generic[i] = components[i].getGenericType();
                names.add(components[i].getName());
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                constructor.setAccessible(true);
                return new RecordShape(components, docs, generic, Set.copyOf(names), constructor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type + " cannot be built from a request", e);
            }
        }
    };

    private static Object readRecord(JsonNode node, Class<?> type, String prefix, List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(prefix.isEmpty() ? ApiException.BODY : trim(prefix), text(node), "must be a JSON object"));
            return null;
        }
        RecordShape shape = SHAPES.get(type);
        RecordComponent[] components = shape.components();
        Object[] values = new Object[components.length];
        int before = errors.size();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String field = prefix + component.getName();
            JsonNode given = node.get(component.getName());
            Doc doc = shape.docs()[i];
            if (given == null || given.isNull()) {
                if (doc != null && doc.required()) {
                    errors.add(new Problem.FieldError(field, null, "is required"));
                }
                values[i] = component.getType() == boolean.class ? false : null;
                continue;
            }
            values[i] = readValue(given, component.getType(), shape.genericTypes()[i], field, doc, errors);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!shape.names().contains(name)) {
                errors.add(new Problem.FieldError(prefix + name, text(node.get(name)), "is not a field of this request; known fields: "
                        + String.join(", ", Arrays.stream(components).map(RecordComponent::getName).toList())));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return shape.constructor().newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            errors.add(new Problem.FieldError(prefix.isEmpty() ? ApiException.BODY : trim(prefix), null, String.valueOf(cause.getMessage())));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " cannot be built from a request", e);
        }
    }

    private static Object readValue(JsonNode given, Class<?> type, Type generic, String field, Doc doc, List<Problem.FieldError> errors) {
        if (type == String.class) {
            if (!given.isTextual()) {
                return refuse(errors, field, given, "must be a string");
            }
            String value = given.asText();
            if (doc != null && !doc.pattern().isEmpty() && !Pattern.matches(doc.pattern(), value)) {
                return refuse(errors, field, given, "must match " + doc.pattern());
            }
            return value;
        }
        if (type == BigDecimal.class) {
            if (!given.isTextual()) {
                return refuse(errors, field, given, "must be a decimal string such as \"1000\" or \"1.08500\", not a JSON "
                        + given.getNodeType().name().toLowerCase(Locale.ROOT) + " (a number may have been rounded as a binary double)");
            }
            try {
                return new BigDecimal(given.asText().trim());
            } catch (NumberFormatException e) {
                return refuse(errors, field, given, "must be a decimal number written as a string, such as \"1000\" or \"1.08500\"");
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            return given.isBoolean() ? given.asBoolean() : refuse(errors, field, given, "must be true or false");
        }
        if (type == int.class || type == Integer.class) {
            return given.canConvertToInt() && given.isIntegralNumber() ? given.asInt() : refuse(errors, field, given, "must be a whole number");
        }
        if (type == Instant.class) {
            try {
                return given.isTextual() ? Instant.parse(given.asText()) : refuse(errors, field, given, "must be an ISO-8601 time such as 2026-12-31T21:00:00Z");
            } catch (DateTimeParseException e) {
                return refuse(errors, field, given, "must be an ISO-8601 time such as 2026-12-31T21:00:00Z");
            }
        }
        if (type.isEnum()) {
            if (given.isTextual()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(given.asText().trim())) {
                        return constant;
                    }
                }
            }
            return refuse(errors, field, given, "must be one of " + String.join(", ",
                    Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList()));
        }
        if (type == List.class) {
            Class<?> element = typeArgument(generic, 0);
            if (!given.isArray()) {
                return refuse(errors, field, given, "must be an array");
            }
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                list.add(readValue(given.get(i), element, element, field + "[" + i + "]", null, errors));
            }
            return list;
        }
        if (type == Map.class) {
            Class<?> element = typeArgument(generic, 1);
            if (!given.isObject()) {
                return refuse(errors, field, given, "must be an object");
            }
            Map<String, Object> map = new LinkedHashMap<>();
            given.fields().forEachRemaining(entry -> map.put(entry.getKey(),
                    readValue(entry.getValue(), element, element, field + "." + entry.getKey(), null, errors)));
            return map;
        }
        if (type.isRecord()) {
            return readRecord(given, type, field + ".", errors);
        }
        throw new IllegalStateException(field + ": type " + type + " is not readable from a request");
    }

    private static Class<?> typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments()[index] instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException(generic + " needs a concrete type argument");
    }

    private static Object refuse(List<Problem.FieldError> errors, String field, JsonNode given, String rule) {
        errors.add(new Problem.FieldError(field, text(given), rule));
        return null;
    }

    private static String trim(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** The value as it was given: text without quotes, anything else as JSON; shortened so that a problem stays small. */
    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        String text = node.isTextual() ? node.asText() : node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
