package io.multibroker.api.config;

/** The value types a configuration attribute can have (the Metatype types this runtime uses). */
public enum AttributeType {
    STRING, LONG, INTEGER, DOUBLE, BOOLEAN, PASSWORD
}
