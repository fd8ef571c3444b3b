package io.floorwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.topology.FloorWatchJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files mode (SPEC 8.1): control.jsonl and watchlist.jsonl beside the streams, read whole before the events, audited. */
class ControlFilesTest {
    static String slot(String id, String ts, String machine, String payout) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":\"" + ts
                + "\",\"machine_id\":\"" + machine + "\",\"wager_amount\":1,\"payout_amount\":" + payout + "}";
    }

    @Test
    void controlAndWatchlistFilesApplyToEveryEventAndAreAudited(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Files.writeString(
                in.resolve("slot.jsonl"),
                String.join(
                                "\n",
                                slot(
                                        "e1",
                                        "2026-11-22T11:00:01Z",
                                        "SM-1",
                                        "1300"), // under the control's 1500: no JACKPOT
                                slot("e2", "2026-11-22T11:00:02Z", "SM-2", "1600"))
                        + "\n");
        Files.writeString(
                in.resolve("control.jsonl"),
                String.join(
                                "\n",
                                "{\"change_id\":\"f-1\",\"key\":\"rules.jackpot.threshold\",\"value\":\"1500\",\"changed_by\":\"ops\"}",
                                "{\"change_id\":\"f-2\",\"key\":\"rules.player.session-gap\",\"value\":\"1h\"}",
                                "{\"key\":\"rules.jackpot.threshold\"}")
                        + "\n");
        Files.writeString(
                in.resolve("watchlist.jsonl"),
                String.join(
                                "\n",
                                "{\"player_id\":\"P-1\",\"list\":\"BANNED\",\"status\":\"ACTIVE\"}",
                                "{\"player_id\":\"P-2\",\"list\":\"BANNED\",\"status\":\"SOMETIMES\"}")
                        + "\n");
        FloorWatchJob.run(FloorWatchConfig.of(Map.of(
                "sources.mode",
                "files",
                "sources.files.dir",
                in.toString(),
                "sources.bounded",
                "true",
                "output.dir",
                out.toString(),
                "job.parallelism",
                "1",
                "checkpoint.interval",
                "1s")));

        List<String> changes = Files.readAllLines(out.resolve("rule_changes.jsonl"));
        assertEquals(2, changes.size(), String.join("\n", changes));
        String all = String.join("\n", changes);
        assertTrue(
                all.contains("\"changeId\":\"f-1\"")
                        && all.contains("\"status\":\"APPLIED\"")
                        && all.contains("\"oldValue\":\"1200\""),
                all);
        assertTrue(all.contains("\"changeId\":\"f-2\"") && all.contains("needs a restart"), all);
        String rejected = Files.readString(out.resolve("rejected_events.jsonl"));
        assertTrue(
                rejected.contains("\"source\":\"CONTROL\"") && rejected.contains("\"reason\":\"MISSING_FIELD\""),
                rejected);
        assertTrue(
                rejected.contains("\"source\":\"WATCHLIST\"") && rejected.contains("\"reason\":\"INVALID_VALUE\""),
                rejected);
        String alerts = Files.readString(out.resolve("alerts.jsonl"));
        assertTrue(alerts.contains("\"entity_id\":\"SM-2\"") && !alerts.contains("\"entity_id\":\"SM-1\""), alerts);
    }
}
