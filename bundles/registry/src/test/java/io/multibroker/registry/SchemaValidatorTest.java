package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

    private static final ConfigurationSchema SCHEMA = new ConfigurationSchema("io.multibroker.test", "Test", "", List.of(
            new AttributeSchema("account.id", "Account", "", AttributeType.STRING, true, null, List.of(), null, null, 0),
            new AttributeSchema("currency", "Currency", "", AttributeType.STRING, false, "USD", List.of("USD", "EUR"), null, null, 0),
            new AttributeSchema("latency", "Latency", "", AttributeType.DOUBLE, false, "20", List.of(), "0", "60000", 0),
            new AttributeSchema("interval", "Interval", "", AttributeType.INTEGER, false, "250", List.of(), "10", null, 0),
            new AttributeSchema("hedging", "Hedging", "", AttributeType.BOOLEAN, false, "false", List.of(), null, null, 0),
            new AttributeSchema("token", "Token", "", AttributeType.PASSWORD, true, null, List.of(), null, null, 0),
            new AttributeSchema("instruments", "Instruments", "", AttributeType.STRING, false, null,
                    List.of("EUR_USD", "USD_JPY"), null, null, 100)));

    private static Map<String, Object> valid() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account.id", "a1");
        properties.put("token", "s3cret");
        return properties;
    }

    @Test
    void aValidConfigurationHasNoViolationsAndIsConvertedToTheSchemaTypes() {
        Map<String, Object> properties = valid();
        properties.put("latency", "12.5");
        properties.put("interval", "100");
        properties.put("hedging", "true");
        properties.put("instruments", "EUR_USD, USD_JPY");
        properties.put("service.pid", "x");
        assertEquals(List.of(), SchemaValidator.validate(SCHEMA, properties));
        Map<String, Object> typed = SchemaValidator.coerce(SCHEMA, properties);
        assertEquals(12.5, typed.get("latency"));
        assertEquals(100, typed.get("interval"));
        assertEquals(Boolean.TRUE, typed.get("hedging"));
        assertArrayEquals(new String[] {"EUR_USD", "USD_JPY"}, (String[]) typed.get("instruments"));
    }

    @Test
    void everyViolationIsNamedWithKeyValueAndRule() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("currency", "XYZ");
        properties.put("latency", "-1");
        properties.put("interval", "1.5");
        properties.put("hedging", "yes");
        properties.put("instruments", "EUR_USD,GBP_CHF");
        properties.put("latancy", "3");
        List<ConfigurationViolation> violations = SchemaValidator.validate(SCHEMA, properties);
        Map<String, String> byKey = new HashMap<>();
        violations.forEach(v -> byKey.put(v.key(), v.toString()));
        assertEquals(8, violations.size(), violations.toString());
        assertTrue(byKey.get("account.id").contains("is required"));
        assertTrue(byKey.get("token").contains("is required"));
        assertEquals("currency=XYZ: must be one of USD, EUR", byKey.get("currency"));
        assertEquals("latency=-1: must be at least 0", byKey.get("latency"));
        assertEquals("interval=1.5: must be a whole number", byKey.get("interval"));
        assertEquals("hedging=yes: must be true or false", byKey.get("hedging"));
        assertEquals("instruments=GBP_CHF: must be one of EUR_USD, USD_JPY", byKey.get("instruments"));
        assertTrue(byKey.get("latancy").startsWith("latancy=3: unknown key"), byKey.get("latancy"));
    }

    @Test
    void secretsNeverAppearInViolationsOrMaskedViews() {
        ConfigurationSchema schema = new ConfigurationSchema("p", "P", "", List.of(
                new AttributeSchema("pin", "PIN", "", AttributeType.PASSWORD, false, null, List.of("1111"), null, null, 0)));
        List<ConfigurationViolation> violations = SchemaValidator.validate(schema, Map.of("pin", "9999"));
        assertEquals("pin=********: must be one of 1111", violations.get(0).toString().replace(", 1111", ""));
        assertEquals(Map.of("pin", "********", "other", "x"), SchemaValidator.masked(schema, Map.of("pin", "9999", "other", "x")));
    }

    @Test
    void accountEnabledIsAcceptedForEveryTypeButOnlyAsBoolean() {
        Map<String, Object> properties = valid();
        properties.put("account.enabled", "false");
        assertEquals(List.of(), SchemaValidator.validate(SCHEMA, properties));
        assertEquals(Boolean.FALSE, SchemaValidator.coerce(SCHEMA, properties).get("account.enabled"));
        properties.put("account.enabled", "maybe");
        assertEquals("account.enabled=maybe: must be true or false", SchemaValidator.validate(SCHEMA, properties).get(0).toString());
    }
}
