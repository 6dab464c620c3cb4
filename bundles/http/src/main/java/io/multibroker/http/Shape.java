package io.multibroker.http;

/**
 * The shape of a route's request or answer: a type, a list of it, or a map of text to it; what the OpenAPI document
 * says and what the drift test checks answers against.
 *
 * @param type the element type (a record, an enum, String, ...)
 * @param kind one, a list, or a map by text key
 */
public record Shape(Class<?> type, Kind kind) {

    public enum Kind { ONE, LIST, MAP }

    public static Shape of(Class<?> type) {
        return new Shape(type, Kind.ONE);
    }

    public static Shape listOf(Class<?> type) {
        return new Shape(type, Kind.LIST);
    }

    public static Shape mapOf(Class<?> type) {
        return new Shape(type, Kind.MAP);
    }
}
