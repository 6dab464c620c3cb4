package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentReconfigurationTest {

    @Test
    void newWeightsTakeEffectInPlace() {
        ExperimentComponent experiment = new ExperimentComponent(new TestExperimentConfig("e", "a=50", "b=50"));
        experiment.modified(new TestExperimentConfig("e", "a=90", "b=10"));
        assertEquals(Map.of("a", 9000, "b", 1000), experiment.info().armBasisPoints());
        assertEquals(Map.of("a", 9000, "b", 1000), experiment.allocation());
        assertEquals(1, experiment.revision());
    }

    @Test
    void aBanditKeepsItsSplitAcrossAChangeOfItsOtherSettings() {
        TestExperimentConfig bandit = new TestExperimentConfig("e", "a=50", "b=50");
        bandit.allocation = "thompson";
        ExperimentComponent experiment = new ExperimentComponent(bandit);
        experiment.allocate(Map.of("a", 1000, "b", 9000));
        TestExperimentConfig stopped = new TestExperimentConfig("e", "a=50", "b=50");
        stopped.allocation = "thompson";
        stopped.running = false;
        experiment.modified(stopped);
        assertEquals(Map.of("a", 1000, "b", 9000), experiment.allocation());
        experiment.modified(new TestExperimentConfig("e", "a=50", "b=50"));
        assertEquals(Map.of("a", 5000, "b", 5000), experiment.allocation(), "back to fixed weights");
    }

    @Test
    void theNameCannotChange() {
        ExperimentComponent experiment = new ExperimentComponent(new TestExperimentConfig("e", "a=50", "b=50"));
        assertThrows(IllegalStateException.class, () -> experiment.modified(new TestExperimentConfig("f", "a=50", "b=50")));
        assertEquals("e", experiment.info().name());
    }
}
