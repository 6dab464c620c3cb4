package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.routing.AllocationSnapshot;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentService;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class ExperimentSupervisorTest {

    /** Records promotions; nothing else is used by the supervisor. */
    private static final class Promotions implements ExperimentService {
        final List<String> promoted = new ArrayList<>();

        @Override public void promote(String name, String arm, String reason) { promoted.add(name + ":" + arm + ":" + reason); }
        @Override public List<ExperimentInfo> experiments() { throw new UnsupportedOperationException(); }
        @Override public Optional<ExperimentInfo> experiment(String name) { throw new UnsupportedOperationException(); }
        @Override public void create(String name, Map<String, Object> settings) { throw new UnsupportedOperationException(); }
        @Override public List<ConfigurationViolation> validate(String name, Map<String, Object> settings, Set<String> also) {
            throw new UnsupportedOperationException();
        }
        @Override public void stop(String name) { throw new UnsupportedOperationException(); }
        @Override public void delete(String name) { throw new UnsupportedOperationException(); }
        @Override public Map<String, Integer> allocation(String name) { throw new UnsupportedOperationException(); }
        @Override public Map<String, Long> recordedOutcomes(String name, boolean overrides) { throw new UnsupportedOperationException(); }
        @Override public ExperimentReport report(String name) { throw new UnsupportedOperationException(); }
        @Override public int outcomeBacklog() { throw new UnsupportedOperationException(); }
    }

    private static OutcomeStore store(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return new OutcomeStore(h2);
    }

    private static void record(OutcomeStore store, String experiment, SplittableRandom random, int perArm) throws Exception {
        for (int i = 0; i < perArm; i++) {
            for (String arm : List.of("paper-slow", "paper-fast")) {
                double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                long nanos = (long) ((arm.equals("paper-fast") ? 10 : 40) * Math.exp(0.4 * z) * 1e6);
                store.record(new Outcome(experiment, arm, false, arm + "-" + i, "FILLED", nanos, BigDecimal.ONE, null, null, Instant.now()));
            }
        }
    }

    private static TestExperimentConfig config(String name, boolean autoSelect) {
        TestExperimentConfig config = new TestExperimentConfig(name, "paper-slow=50", "paper-fast=50") {
            @Override public boolean auto_select() { return autoSelect; }
            @Override public int minimum_sample_per_arm() { return 40; }
        };
        return config;
    }

    @Test
    void aSignificantWinnerIsPromotedWithItsEvidenceOnce() throws Exception {
        OutcomeStore store = store("promote");
        Promotions service = new Promotions();
        ExperimentSupervisor supervisor = new ExperimentSupervisor(service, store);
        ExperimentComponent experiment = new ExperimentComponent(config("auto", true));
        supervisor.bindExperiment(experiment);

        record(store, "auto", new SplittableRandom(1), 3);
        supervisor.supervise(experiment);
        assertEquals(List.of(), service.promoted, "three orders per arm are not yet evidence");

        record(store, "auto", new SplittableRandom(2), 60);
        supervisor.supervise(experiment);
        assertEquals(1, service.promoted.size(), service.promoted.toString());
        String promotion = service.promoted.get(0);
        assertTrue(promotion.startsWith("auto:paper-fast:automatic selection: paper-fast is better on latency"), promotion);
        assertTrue(promotion.contains("Welch t p = ") && promotion.contains("sample ratio p = ") && promotion.contains("paper-fast n = 63"),
                promotion);

        // nothing new recorded: no second look, no second promotion
        supervisor.supervise(experiment);
        assertEquals(1, service.promoted.size());
    }

    @Test
    void withoutAutomaticSelectionNothingIsPromoted() throws Exception {
        OutcomeStore store = store("manual");
        Promotions service = new Promotions();
        ExperimentSupervisor supervisor = new ExperimentSupervisor(service, store);
        ExperimentComponent experiment = new ExperimentComponent(config("manual", false));
        supervisor.bindExperiment(experiment);
        record(store, "manual", new SplittableRandom(3), 80);
        supervisor.supervise(experiment);
        assertEquals(List.of(), service.promoted);
    }

    @Test
    void aBanditExperimentGetsItsSplitFromItsOutcomes() throws Exception {
        OutcomeStore store = store("bandit");
        ExperimentSupervisor supervisor = new ExperimentSupervisor(new Promotions(), store);
        TestExperimentConfig config = config("bandit", false);
        config.allocation = "thompson";
        ExperimentComponent experiment = new ExperimentComponent(config);
        supervisor.bindExperiment(experiment);
        assertEquals(Map.of("paper-slow", 5000, "paper-fast", 5000), experiment.allocation());

        record(store, "bandit", new SplittableRandom(4), 40);
        supervisor.supervise(experiment);
        // ten times faster over 40 orders each: all but the 10 % floor goes to paper-fast
        assertEquals(Map.of("paper-slow", 1000, "paper-fast", 9000), experiment.allocation());
        // the split over time, as the dashboard charts it: the configured weights, then the bandit's
        assertEquals(List.of(Map.of("paper-slow", 5000, "paper-fast", 5000), Map.of("paper-slow", 1000, "paper-fast", 9000)),
                experiment.allocationHistory().stream().map(AllocationSnapshot::basisPoints).toList());
        assertEquals(List.of("configured", "bandit"), experiment.allocationHistory().stream().map(AllocationSnapshot::source).toList());
    }
}
