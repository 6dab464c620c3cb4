package io.multibroker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationViolation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quality settings' own rules: each refusal names the key, the value and the rule. */
class QualitySettingsKindTest {

    private final QualitySettingsKind kind = new QualitySettingsKind();

    @Test
    void aShortfallHorizonOutsideOneSecondToADayIsRefusedNamingKeyValueAndRule() {
        assertEquals(List.of(new ConfigurationViolation("shortfall.horizon.seconds", "0", "must be a whole number of seconds from 1 to 86400")),
                kind.validate(Map.of("shortfall.horizon.seconds", 0)));
        assertEquals(List.of(new ConfigurationViolation("shortfall.horizon.seconds", "86401",
                "must be a whole number of seconds from 1 to 86400")), kind.validate(Map.of("shortfall.horizon.seconds", "86401")));
        assertEquals(List.of(new ConfigurationViolation("shortfall.horizon.seconds", "1.5", "must be a whole number of seconds from 1 to 86400")),
                kind.validate(Map.of("shortfall.horizon.seconds", "1.5")));
        assertTrue(kind.validate(Map.of("shortfall.horizon.seconds", 300)).isEmpty());
        assertTrue(kind.validate(Map.of()).isEmpty());
    }

    @Test
    void anExperimentReferenceWithoutAnAccountIsRefused() {
        assertEquals(List.of(new ConfigurationViolation("experiment.references", "demo=", "must be experiment=account")),
                kind.validate(Map.of("experiment.references", new String[] {"demo-3=paper-fast,demo="})));
    }

    @Test
    void theServiceTakesTheHorizonAndRefusesOneOutOfRangeWhateverPassedTheGuard() {
        assertEquals(Duration.ofSeconds(300), ExecutionQualityService.settings(config(300)).shortfallHorizon());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExecutionQualityService.settings(config(0)));
        assertEquals("shortfall.horizon.seconds 0: must be a whole number of seconds from 1 to 86400", refused.getMessage());
    }

    /** The configuration with its defaults, but the horizon given. */
    private static QualityConfig config(int horizonSeconds) {
        return (QualityConfig) Proxy.newProxyInstance(QualityConfig.class.getClassLoader(), new Class<?>[] {QualityConfig.class},
                (proxy, method, arguments) -> method.getName().equals("shortfall_horizon_seconds") ? horizonSeconds
                        : method.getDefaultValue());
    }
}
