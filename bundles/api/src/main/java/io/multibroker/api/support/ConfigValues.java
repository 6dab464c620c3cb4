package io.multibroker.api.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration values as ConfigAdmin, FileInstall and the shell hand them over: a list may be an array, a collection or one
 * comma-separated text, and properties come as a {@link Dictionary}.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** A value as text: an array or a collection joined with commas, anything else as {@link String#valueOf}. */
    public static String text(Object value) {
        if (value instanceof Object[] array) {
            return String.join(",", Arrays.stream(array).map(String::valueOf).toList());
        }
        if (value instanceof Collection<?> collection) {
            return String.join(",", collection.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /**
     * A list setting as trimmed, non-empty items: each element of an array or a collection, and each element's comma-separated
     * parts (a .cfg file gives one text). Null is the empty list.
     */
    public static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        List<Object> elements = new ArrayList<>();
        if (value instanceof Object[] array) {
            elements.addAll(Arrays.asList(array));
        } else if (value instanceof Collection<?> collection) {
            elements.addAll(collection);
        } else {
            elements.add(value);
        }
        return elements.stream().flatMap(e -> Arrays.stream(String.valueOf(e).split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** A dictionary's entries as a map, in the dictionary's order; null is the empty map. */
    public static Map<String, Object> map(Dictionary<String, ?> dictionary) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (dictionary != null) {
            for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, dictionary.get(key));
            }
        }
        return map;
    }

    /** A map as a dictionary, null values left out (a dictionary cannot hold them). */
    public static Dictionary<String, Object> dictionary(Map<String, ?> map) {
        Hashtable<String, Object> table = new Hashtable<>();
        map.forEach((key, value) -> {
            if (value != null) {
                table.put(key, value);
            }
        });
        return table;
    }

    /** Whether a value is a Karaf interpolation placeholder ({@code $[env:X]}, {@code $[secret:X]}), resolved later. */
    public static boolean isPlaceholder(String value) {
        String trimmed = value.trim();
        return trimmed.startsWith("$[") && trimmed.endsWith("]");
    }

    /** Escapes the characters that are special in an LDAP filter value. */
    public static String escapeFilter(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
