package io.multibroker.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard hears every value the risk configurations refuse, as key, value and rule. */
class RiskKindsTest {

    @Test
    void everyRefusedValueIsNamed() {
        List<ConfigurationViolation> violations = new RiskLimitsKind().validate(Map.of("max.order.units", "0", "max.daily.loss", "ten",
                "daily.reset.zone", "Mars/Olympus", "instrument.limits", "EUR_USD:max.leverage=5"));
        assertEquals(4, violations.size(), violations.toString());
        assertEquals(new ConfigurationViolation("max.order.units", "0", "must be positive (leave it empty for no limit)"),
                violations.stream().filter(v -> v.key().equals("max.order.units")).findFirst().orElseThrow());
        assertEquals("ten", violations.stream().filter(v -> v.key().equals("max.daily.loss")).findFirst().orElseThrow().value());
    }

    @Test
    void validAccountLimitsPass() {
        assertEquals(List.of(), new AccountRiskLimitsKind().validate(Map.of("account.id", "paper-fast", "max.order.units", "1000",
                "instrument.limits", new String[] {"EUR_USD:max.position.units=5000"}, "daily.loss.action", "HALTED")));
    }
}
