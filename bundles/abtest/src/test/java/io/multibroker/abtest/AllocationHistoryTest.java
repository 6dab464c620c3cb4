package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.routing.AllocationSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aBanditKeepsTheLastSplitOfEachMinuteAndTheConfiguredWeightsAreNeverMergedAway() {
        AllocationHistory history = new AllocationHistory();
        history.record(T0, Map.of("a", 5000, "b", 5000), AllocationHistory.CONFIGURED);
        history.record(T0.plusSeconds(5), Map.of("a", 3000, "b", 7000), AllocationHistory.BANDIT);
        history.record(T0.plusSeconds(30), Map.of("a", 2000, "b", 8000), AllocationHistory.BANDIT);
        history.record(T0.plusSeconds(40), Map.of("a", 2000, "b", 8000), AllocationHistory.BANDIT);
        history.record(T0.plusSeconds(65), Map.of("a", 1000, "b", 9000), AllocationHistory.BANDIT);
        List<AllocationSnapshot> snapshots = history.snapshots();
        assertEquals(3, snapshots.size(), snapshots.toString());
        assertEquals(new AllocationSnapshot(T0, Map.of("a", 5000, "b", 5000), "configured"), snapshots.get(0));
        assertEquals(new AllocationSnapshot(T0.plusSeconds(30), Map.of("a", 2000, "b", 8000), "bandit"), snapshots.get(1));
        assertEquals(new AllocationSnapshot(T0.plusSeconds(65), Map.of("a", 1000, "b", 9000), "bandit"), snapshots.get(2));
    }

    @Test
    void aDayOfMinutesIsKeptAndOlderSnapshotsGo() {
        AllocationHistory history = new AllocationHistory();
        for (int minute = 0; minute < AllocationHistory.LIMIT + 100; minute++) {
            history.record(T0.plusSeconds(60L * minute), Map.of("a", minute % 2 == 0 ? 4000 : 6000, "b", minute % 2 == 0 ? 6000 : 4000),
                    AllocationHistory.BANDIT);
        }
        List<AllocationSnapshot> snapshots = history.snapshots();
        assertEquals(AllocationHistory.LIMIT, snapshots.size());
        assertEquals(T0.plusSeconds(60L * 100), snapshots.get(0).at());
    }
}
