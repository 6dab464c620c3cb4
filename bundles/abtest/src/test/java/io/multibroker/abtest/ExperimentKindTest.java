package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of an experiment that its Metatype schema cannot express (the schema's own are the registry validator's). */
class ExperimentKindTest {

    private final ExperimentKind kind = new ExperimentKind();

    private static Map<String, Object> experiment(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>(Map.of("name", "demo", "arms", new String[] {"a=50", "b=50"}, "bandit.floor", 10.0));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private List<String> rules(Map<String, Object> properties) {
        return kind.validate(properties).stream().map(ConfigurationViolation::toString).toList();
    }

    @Test
    void aValidExperimentHasNoViolations() {
        assertEquals(List.of(), rules(experiment()));
        assertEquals("experiment:demo", kind.subject("demo"));
    }

    @Test
    void theNameTheWeightsTheFloorAndThePromotionAreChecked() {
        assertEquals(List.of("name=no spaces: must be 1 to 64 letters, digits, '.', '_' or '-'"), rules(experiment("name", "no spaces")));
        assertEquals(1, rules(experiment("arms", new String[] {"a=60", "b=30"})).size());
        assertEquals(List.of("bandit.floor=60.0: must be at least 0.01 % and at most 100 % divided by the number of arms"),
                rules(experiment("bandit.floor", 60.0)));
        assertEquals(List.of("promoted=c: is not an arm of the experiment",
                "promoted=c: a promotion also needs promoted.at and weights.before.promotion"), rules(experiment("promoted", "c")));
        assertEquals(List.of("promoted.at=yesterday: must be an ISO-8601 instant"), rules(experiment("promoted", "a",
                "promoted.at", "yesterday", "weights.before.promotion", new String[] {"a=50", "b=50"})));
    }

    /**
     * What a user typed (issue 12): 1e20 failed with a raw "Overflow", and three weights whose basis points wrap an int sum
     * to exactly 10,000 failed with "Index 10000 out of bounds". Each is refused with the key, the entry and the rule.
     */
    @Test
    void theWeightsThatOverflowedAreRefusedWithKeyValueAndRule() {
        assertEquals(List.of("arms=paper-fast=1e20: weight of arm paper-fast: 1e20 is above 100 %"),
                rules(experiment("arms", new String[] {"paper-fast=1e20", "paper-slow=50"})));
        assertEquals(List.of("arms=a=21474836.47: weight of arm a: 21474836.47 is above 100 %",
                "arms=b=21474836.47: weight of arm b: 21474836.47 is above 100 %", "arms=c=100.02: weight of arm c: 100.02 is above 100 %"),
                rules(experiment("arms", new String[] {"a=21474836.47", "b=21474836.47", "c=100.02"})));
    }

    @Test
    void aBanditCannotBeDrivenByAFigureThatArrivesAfterTheFill() {
        List<String> refused = rules(experiment("allocation", "thompson", "primary.metric", "markout_5s"));
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).startsWith("primary.metric=markout_5s: with allocation thompson the primary metric must be one the "
                + "router measures"), refused.get(0));
        assertEquals(List.of(), rules(experiment("allocation", "fixed", "primary.metric", "markout_5s")));
        assertEquals(List.of(), rules(experiment("allocation", "thompson", "primary.metric", "slippage")));
    }

    @Test
    void aShadowIsNoLiveArm() {
        assertEquals(List.of("shadows=a: is a live arm of the experiment: a shadow takes no orders"),
                rules(experiment("shadows", new String[] {"a"})));
        assertEquals(List.of(), rules(experiment("shadows", new String[] {"c"})));
    }
}
