package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlLog;
import io.floorwatch.control.ControlRecord;
import io.floorwatch.control.RuleChange;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated watchlist and rule changes (SPEC 8.1, 8.3): valid, deterministic, and the listed players play. */
class ControlScenarioTest {
    static final FloorWatchConfig CFG = FloorWatchConfig.of(Map.of(
            "sources.mode", "simulator", "simulator.rate", "200", "simulator.start-time", "2026-11-22T20:00:00Z"));

    @Test
    void listedPlayersShowUpOnTheFloorAndEveryMessageIsValid() {
        FloorSimulator sim = new FloorSimulator(CFG);
        ControlScenario scenario = new ControlScenario(sim);
        List<ControlScenario.Message> watchlist = scenario.watchlist();
        assertEquals(6, watchlist.size(), "five ACTIVE entries, the fifth REMOVED again");
        assertEquals(watchlist, new ControlScenario(new FloorSimulator(CFG)).watchlist(), "deterministic for a seed");
        List<String> listed = scenario.listedPlayers();
        assertEquals(4, listed.size());

        ControlLog log = new ControlLog(CFG);
        long offset = 0;
        for (ControlScenario.Message m : watchlist) {
            ControlLog.Outcome o =
                    log.apply(ControlRecord.of(Source.WATCHLIST, "w", 0, offset++, 0, m.key(), m.json()));
            assertNotNull(o.update(), m.json());
        }
        assertEquals(Set.copyOf(listed), log.watchlist().keySet(), "four ACTIVE, the fifth removed again");
        assertTrue(
                watchlist
                        .get(0)
                        .json()
                        .matches("\\{\"player_id\":\"[^\"]+\",\"list\":\"SELF_EXCLUDED\",\"status\":\"ACTIVE\","
                                + "\"updated_at\":\"2026-11-21T20:00:00\\.000Z\"}"),
                watchlist.get(0).json());

        // the listed players play in the first minutes
        Set<String> seen = new HashSet<>();
        List<ControlScenario.Message> changes = new ArrayList<>();
        for (long i = 0; i < 200 * 60 * 25; i++) {
            if (i < 200 * 120) {
                RawRecord r = sim.generate(i).record();
                String text = new String(r.payload(), StandardCharsets.UTF_8);
                for (String p : listed) if (text.contains("\"player_id\":\"" + p + "\"")) seen.add(p);
            }
            ControlScenario.Message c = scenario.changeAt(i);
            if (c != null) changes.add(c);
        }
        assertEquals(Set.copyOf(listed), seen, "every listed player shows up on the floor within two minutes");
        // an occasional rule change: one per 10 minutes of floor time, each applied by the job's own validation
        assertEquals(2, changes.size());
        for (ControlScenario.Message c : changes) {
            ControlLog.Outcome o = log.apply(ControlRecord.of(Source.CONTROL, "c", 0, offset++, 0, c.key(), c.json()));
            assertEquals(RuleChange.APPLIED, o.change().status, c.json());
        }
        assertTrue(
                changes.get(0)
                        .json()
                        .startsWith(
                                "{\"change_id\":\"sim-42-1\",\"key\":\"rules.hopper-fill.threshold\",\"value\":\"25\""),
                changes.get(0).json());
        assertTrue(
                changes.get(1)
                        .json()
                        .startsWith(
                                "{\"change_id\":\"sim-42-2\",\"key\":\"rules.jackpot.threshold\",\"value\":\"1500\""),
                changes.get(1).json());
    }
}
