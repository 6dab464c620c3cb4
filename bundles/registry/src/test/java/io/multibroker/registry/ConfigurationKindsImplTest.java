package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationKindsImplTest {

    private static final ConfigurationSchema SCHEMA = new ConfigurationSchema("io.example.limits", "Limits", "", List.of(
            new AttributeSchema("name", "Name", "", AttributeType.STRING, true, null, List.of(), null, null, 0),
            new AttributeSchema("max.units", "Max units", "", AttributeType.LONG, false, "1000", List.of(), "1", null, 0),
            new AttributeSchema("mode", "Mode", "", AttributeType.STRING, false, "warn", List.of("warn", "block"), null, null, 0),
            new AttributeSchema("tags", "Tags", "", AttributeType.STRING, false, null, List.of(), null, null, 5)));

    /** A kind whose own rule is that max.units is even; it records what it was handed. */
    private static final class Limits implements ConfigurationKind {
        final List<Map<String, Object>> seen = new ArrayList<>();

        @Override public String id() { return "limits"; }
        @Override public String pid() { return "io.example.limits"; }
        @Override public boolean factory() { return true; }
        @Override public String nameKey() { return "name"; }

        @Override
        public List<ConfigurationViolation> validate(Map<String, Object> properties) {
            seen.add(properties);
            long units = (Long) properties.getOrDefault("max.units", 1000L);
            return units % 2 == 0 ? List.of() : List.of(new ConfigurationViolation("max.units", String.valueOf(units), "must be even"));
        }
    }

    private final ConfigurationKindsImpl kinds = new ConfigurationKindsImpl((bundle, pid) -> Optional.of(SCHEMA));
    private final Limits limits = new Limits();

    @Test
    void theSchemaIsCheckedFirstAndTheKindsRulesOnlyOnValuesOfTheRightType() {
        kinds.add(limits, null);
        assertEquals(List.of(new ConfigurationViolation("max.units", "x", "must be a whole number")),
                kinds.validate("io.example.limits", Map.of("name", "a", "max.units", "x")));
        assertTrue(limits.seen.isEmpty());

        assertEquals(List.of(new ConfigurationViolation("max.units", "7", "must be even")),
                kinds.validate("io.example.limits", Map.of("name", "a", "max.units", "7")));
        assertEquals(7L, limits.seen.get(0).get("max.units"));
        assertEquals(List.of(), kinds.validate("io.example.limits", Map.of("name", "a", "max.units", "8", "mode", "block")));
        assertEquals("mode=other: must be one of warn, block",
                kinds.validate("io.example.limits", Map.of("name", "a", "mode", "other")).get(0).toString());
    }

    @Test
    void typedValuesCarryTheSchemasDefaultsForWhatIsNotGiven() {
        kinds.add(limits, null);
        Map<String, Object> typed = kinds.typed("io.example.limits", Map.of("name", "a", "tags", "x, y"));
        assertEquals(Map.of("name", "a", "max.units", 1000L, "mode", "warn"), Map.of("name", typed.get("name"),
                "max.units", typed.get("max.units"), "mode", typed.get("mode")));
        assertEquals(List.of("x", "y"), List.of((String[]) typed.get("tags")));
    }

    @Test
    void anUnknownPidIsAViolationAndAKindThatLeavesIsForgotten() {
        assertEquals("service.pid", kinds.validate("io.example.limits", Map.of()).get(0).key());
        kinds.add(limits, null);
        assertEquals(List.of(limits), kinds.kinds());
        kinds.remove(limits);
        assertTrue(kinds.kinds().isEmpty());
        assertTrue(kinds.kindOf("io.example.limits").isEmpty());
    }

    @Test
    void listenersHearOfKindsAlreadyThereAndOfEveryNewOne() {
        List<String> heard = new ArrayList<>();
        kinds.add(limits, null);
        kinds.addKindListener(kind -> heard.add(kind.id()));
        kinds.add(new RegistrySettingsKind(), null);
        assertEquals(List.of("limits", "registry"), heard);
    }
}
