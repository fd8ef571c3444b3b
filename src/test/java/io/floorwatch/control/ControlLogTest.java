package io.floorwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC 8.1 / 8.3: validation, old values, ordering and rejections of control messages and watchlist entries. */
class ControlLogTest {
    static final FloorWatchConfig CFG =
            FloorWatchConfig.of(Map.of("sources.mode", "simulator", "rules.jackpot.high-threshold", "9000"));
    static long offset = 0;

    static ControlRecord control(String json) {
        return ControlRecord.of(
                Source.CONTROL, "floorwatch-control", 0, offset++, 1_700_000_000_000L + offset, null, json);
    }

    static String change(String id, String key, String value) {
        return "{\"change_id\":\"" + id + "\",\"key\":\"" + key + "\",\"value\":"
                + (value == null ? "null" : "\"" + value + "\"")
                + ",\"changed_by\":\"j.doe\",\"changed_at\":\"2026-12-06T10:00:00Z\"}";
    }

    static ControlRecord watch(String key, String json) {
        return ControlRecord.of(Source.WATCHLIST, "patron-watchlist", 0, offset++, 1_700_000_000_000L, key, json);
    }

    @Test
    void anAppliedChangeNamesTheValueItReplacesAndBecomesAnUpdate() {
        ControlLog log = new ControlLog(CFG);
        ControlRecord r = control(change("c-1", "rules.jackpot.threshold", "1500"));
        ControlLog.Outcome o = log.apply(r);
        RuleChange c = o.change();
        assertEquals(
                List.of("c-1", "rules.jackpot.threshold", "1200", "1500", "j.doe", RuleChange.APPLIED),
                List.of(c.changeId, c.key, c.oldValue, c.newValue, c.changedBy, c.status));
        assertNull(c.message);
        assertEquals(Instant.parse("2026-12-06T10:00:00Z").toEpochMilli(), c.changedAt);
        assertEquals(r.timestamp(), c.appliedAt, "applied_at is the record's timestamp: the same on every replay");
        assertEquals(
                "SETTING[rules.jackpot.threshold=1500 @" + r.offset() + "]",
                o.update().toString());
        assertNull(o.rejected());
        // the next change of the key replaces the control value, not the configuration's
        assertEquals(
                "1500",
                log.apply(control(change("c-2", "rules.jackpot.threshold", "1600")))
                        .change()
                        .oldValue);
        assertEquals("1600", log.inForce("rules.jackpot.threshold"));
        // a configured (not default) value is the old value of a first change
        assertEquals(
                "9000",
                log.apply(control(change("c-3", "rules.jackpot.high-threshold", "9500")))
                        .change()
                        .oldValue);
    }

    @Test
    void aRejectedChangeChangesNothingAndSaysWhy() {
        ControlLog log = new ControlLog(CFG);
        log.apply(control(change("c-1", "rules.jackpot.threshold", "1500")));
        ControlLog.Outcome bad = log.apply(control(change("c-2", "rules.jackpot.threshold", "lots")));
        assertEquals(RuleChange.REJECTED, bad.change().status);
        assertEquals("1500", bad.change().oldValue);
        assertEquals("lots", bad.change().newValue);
        assertTrue(bad.change().message.startsWith("rules.jackpot.threshold: expected dollars"), bad.change().message);
        assertNull(bad.update());
        assertEquals("1500", log.inForce("rules.jackpot.threshold"));

        ControlLog.Outcome restart = log.apply(control(change("c-3", "rules.handpay-wait.timeout", "5min")));
        assertEquals(RuleChange.REJECTED, restart.change().status);
        assertTrue(restart.change().message.contains("needs a restart"), restart.change().message);
        assertEquals("10min", restart.change().oldValue);
        ControlLog.Outcome outside = log.apply(control(change("c-4", "kafka.group-id", "x")));
        assertTrue(outside.change().message.contains("needs a restart"), outside.change().message);
        ControlLog.Outcome unknown = log.apply(control(change("c-5", "rules.nonsense.key", "1")));
        assertTrue(
                unknown.change().message.contains("needs a restart")
                        && unknown.change().message.contains("not a known"),
                unknown.change().message);

        // cross-key checks as in a config file: medium may not exceed high (9000 configured)
        ControlLog.Outcome medium = log.apply(control(change("c-6", "rules.jackpot.medium-threshold", "9500")));
        assertEquals(RuleChange.REJECTED, medium.change().status);
        assertTrue(
                medium.change().message.contains("must not exceed rules.jackpot.high-threshold"),
                medium.change().message);
        // null only deletes offers keys; a value must be a JSON string
        assertEquals(
                RuleChange.REJECTED,
                log.apply(control(change("c-7", "rules.hopper-fill.threshold", null)))
                        .change()
                        .status);
        ControlLog.Outcome number =
                log.apply(control("{\"change_id\":\"c-8\",\"key\":\"rules.hopper-fill.threshold\",\"value\":15}"));
        assertEquals(RuleChange.REJECTED, number.change().status);
        assertEquals("15", number.change().newValue);
        ControlLog.Outcome when = log.apply(
                control(
                        "{\"change_id\":\"c-9\",\"key\":\"rules.hopper-fill.threshold\",\"value\":\"15\",\"changed_at\":\"yesterday\"}"));
        assertEquals(RuleChange.REJECTED, when.change().status);
        assertEquals("20", log.inForce("rules.hopper-fill.threshold"));
        assertEquals(Map.of("rules.jackpot.threshold", "1500"), log.settings());
    }

    @Test
    void everyLiveKeyOf81IsAcceptedWithAValidValueAndItsOwnTypeChecked() {
        ControlLog log = new ControlLog(CFG);
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("rules.jackpot.threshold", new String[] {"1500", "-1"});
        cases.put("rules.jackpot.medium-threshold", new String[] {"6000", "1.005"});
        cases.put("rules.jackpot.high-threshold", new String[] {"12000", "x"});
        cases.put(
                "rules.w2g.thresholds",
                new String[] {"1970-01-01=1200,2026-01-01=2000,2027-01-01=2500", "2027-13-01=1"});
        cases.put("rules.hopper-fill.threshold", new String[] {"15", "0"});
        cases.put("rules.hot-machine.ratio", new String[] {"2.5", "-1"});
        cases.put("rules.cold-machine.ratio", new String[] {"0.1", "cold"});
        cases.put("rules.floor-anomaly.sigma", new String[] {"4", "0"});
        cases.put("rules.ctr.threshold", new String[] {"12000", "ten"});
        cases.put("rules.ctr.warn-at", new String[] {"7000", "12000"}); // >= threshold in force: rejected
        cases.put("rules.mtl.threshold", new String[] {"2500", "-5"});
        cases.put("rules.meter-variance.min-amount", new String[] {"50", "1.001"});
        cases.put("rules.meter-variance.ratio", new String[] {"0.05", "-0.1"});
        cases.put("rules.player.house-edge", new String[] {"0.07", "1.5"});
        cases.put("rules.sas-codes.0x7A", new String[] {"FAULT", "BROKEN"});
        cases.put("offers.vip-1.min-theo", new String[] {"100", "abc"});
        cases.put("offers.vip-1.min-coin-in", new String[] {"1000.50", "1000.505"});
        cases.put("offers.vip-1.min-minutes", new String[] {"30", "-3"});
        cases.put("offers.vip-1.reward", new String[] {"FREE_PLAY", "CAR"});
        cases.put("offers.vip-1.value", new String[] {"25", "-25"});
        int n = 0;
        for (Map.Entry<String, String[]> e : cases.entrySet()) {
            RuleChange good = log.apply(control(change("g-" + n, e.getKey(), e.getValue()[0])))
                    .change();
            RuleChange bad = log.apply(control(change("b-" + n++, e.getKey(), e.getValue()[1])))
                    .change();
            assertEquals(RuleChange.APPLIED, good.status, e.getKey() + ": " + good.message);
            assertEquals(RuleChange.REJECTED, bad.status, e.getKey() + " = " + e.getValue()[1]);
            assertTrue(bad.message.startsWith(e.getKey()) || bad.message.contains("rules."), bad.message);
        }
        assertEquals(
                "FAULT", log.settings().get("rules.sas-codes.7a"), "sas-codes keys are case-insensitive, without 0x");
        assertEquals(
                RuleChange.APPLIED,
                log.apply(control(change("s-1", "rules.sas-codes.23", "fault"))).change().status,
                "a category in any case, as in a config file");
        assertEquals(
                RuleChange.APPLIED,
                log.apply(control(change("d-1", "offers.vip-1.value", null))).change().status,
                "null deletes an offers key");
        assertTrue(log.settings().containsKey("offers.vip-1.value")
                && log.settings().get("offers.vip-1.value") == null);
        assertEquals(
                RuleChange.REJECTED,
                log.apply(control(change("d-2", "offers.vip_1.value", "5"))).change().status,
                "id of letters, digits and -");
        assertEquals(
                RuleChange.REJECTED,
                log.apply(control(change("d-3", "offers.vip-1.colour", "red"))).change().status);
        assertEquals(
                RuleChange.REJECTED,
                log.apply(control(change("d-4", "rules.sas-codes.zz", "FAULT"))).change().status);
        // lowering the CTR threshold to or below warn-at (7000 now) is rejected as well
        assertEquals(
                RuleChange.REJECTED,
                log.apply(control(change("d-5", "rules.ctr.threshold", "7000"))).change().status);
    }

    @Test
    void messagesThatAreNoChangeGoToRejectedEventsAndAChangeIdCountsOnce() {
        ControlLog log = new ControlLog(CFG);
        assertEquals("INVALID_JSON", log.apply(control("not json")).rejected().reason());
        assertEquals("INVALID_JSON", log.apply(control("[1,2]")).rejected().reason());
        assertEquals("INVALID_JSON", log.apply(control(null)).rejected().reason());
        assertEquals(
                "MISSING_FIELD",
                log.apply(control("{\"key\":\"rules.jackpot.threshold\",\"value\":\"1\"}"))
                        .rejected()
                        .reason());
        assertEquals(
                "MISSING_FIELD",
                log.apply(control("{\"change_id\":\"x\",\"value\":\"1\"}"))
                        .rejected()
                        .reason());
        ControlLog.Outcome wrong = log.apply(control("{\"change_id\":\"x\",\"key\":7}"));
        assertEquals("WRONG_TYPE", wrong.rejected().reason());
        assertEquals(Source.CONTROL, wrong.rejected().source());
        assertEquals("{\"change_id\":\"x\",\"key\":7}", wrong.rejected().payload());
        assertNull(wrong.change());

        assertEquals(
                RuleChange.APPLIED,
                log.apply(control(change("c-1", "rules.jackpot.threshold", "1500")))
                        .change()
                        .status);
        // the same change_id again (a producer retry, or reused) writes no second row and changes nothing
        assertSame(ControlLog.Outcome.NOTHING, log.apply(control(change("c-1", "rules.jackpot.threshold", "1700"))));
        assertEquals("1500", log.inForce("rules.jackpot.threshold"));
    }

    @Test
    void watchlistEntriesTombstonesAndBadEntries() {
        ControlLog log = new ControlLog(CFG);
        assertEquals(
                "WATCHLIST[P-1=SELF_EXCLUDED @" + offset + "]",
                log.apply(
                                watch(
                                        "P-1",
                                        "{\"player_id\":\"P-1\",\"list\":\"SELF_EXCLUDED\",\"status\":\"ACTIVE\",\"updated_at\":\"2026-12-01T09:00:00Z\"}"))
                        .update()
                        .toString());
        // the body's player_id wins over the key
        assertEquals(
                "P-2",
                log.apply(watch("wrong-key", "{\"player_id\":\"P-2\",\"list\":\"BANNED\",\"status\":\"ACTIVE\"}"))
                        .update()
                        .key);
        assertEquals(Map.of("P-1", "SELF_EXCLUDED", "P-2", "BANNED"), log.watchlist());
        ControlUpdate removed = log.apply(
                        watch("P-1", "{\"player_id\":\"P-1\",\"list\":\"SELF_EXCLUDED\",\"status\":\"REMOVED\"}"))
                .update();
        assertEquals("P-1", removed.key);
        assertNull(removed.value);
        ControlUpdate tombstone = log.apply(watch("P-2", null)).update();
        assertEquals("P-2", tombstone.key);
        assertNull(tombstone.value);
        assertEquals(Map.of(), log.watchlist());

        assertEquals("INVALID_JSON", log.apply(watch("P-3", "{oops")).rejected().reason());
        assertEquals(
                "MISSING_FIELD",
                log.apply(watch("P-3", "{\"player_id\":\"P-3\",\"list\":\"BANNED\"}"))
                        .rejected()
                        .reason());
        assertEquals(
                "MISSING_FIELD",
                log.apply(watch(null, "{\"list\":\"BANNED\",\"status\":\"ACTIVE\"}"))
                        .rejected()
                        .reason());
        assertEquals(
                "MISSING_FIELD",
                log.apply(watch("P-3", "{\"player_id\":\"P-3\",\"status\":\"ACTIVE\"}"))
                        .rejected()
                        .reason());
        assertEquals("MISSING_FIELD", log.apply(watch(null, null)).rejected().reason());
        assertEquals(
                "WRONG_TYPE",
                log.apply(watch("P-3", "{\"player_id\":3,\"list\":\"BANNED\",\"status\":\"ACTIVE\"}"))
                        .rejected()
                        .reason());
        assertEquals(
                "WRONG_TYPE",
                log.apply(watch("P-3", "{\"player_id\":\"P-3\",\"list\":[\"BANNED\"],\"status\":\"ACTIVE\"}"))
                        .rejected()
                        .reason());
        assertEquals(
                "INVALID_VALUE",
                log.apply(watch("P-3", "{\"player_id\":\"P-3\",\"list\":\"VIP\",\"status\":\"ACTIVE\"}"))
                        .rejected()
                        .reason());
        ControlLog.Outcome o =
                log.apply(watch("P-3", "{\"player_id\":\"P-3\",\"list\":\"BANNED\",\"status\":\"PAUSED\"}"));
        assertEquals(Source.WATCHLIST, o.rejected().source());
        assertNull(o.update());
        assertEquals(Map.of(), log.watchlist());
    }

    @Test
    void startValuesAreTheTopicsInOffsetOrderTheLastPerKeyWinning(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("control.jsonl"),
                String.join(
                                "\n",
                                change("c-1", "rules.jackpot.threshold", "1500"),
                                "garbage",
                                change("c-2", "rules.jackpot.threshold", "1800"),
                                change("c-3", "rules.handpay-wait.timeout", "1min"),
                                "",
                                change("c-4", "offers.vip.reward", "FOOD"))
                        + "\n");
        Files.writeString(
                dir.resolve("watchlist.jsonl"),
                String.join(
                        "\n",
                        "{\"player_id\":\"P-1\",\"list\":\"BANNED\",\"status\":\"ACTIVE\"}",
                        "{\"player_id\":\"P-2\",\"list\":\"TRESPASSED\",\"status\":\"ACTIVE\"}",
                        "{\"player_id\":\"P-1\",\"list\":\"BANNED\",\"status\":\"REMOVED\"}"));
        Files.writeString(dir.resolve("slot.jsonl"), "");
        FloorWatchConfig cfg =
                FloorWatchConfig.of(Map.of("sources.mode", "files", "sources.files.dir", dir.toString()));
        ControlInputs in = ControlBootstrap.read(cfg);
        assertEquals(Map.of("rules.jackpot.threshold", "1800", "offers.vip.reward", "FOOD"), in.initialSettings());
        assertEquals(Map.of("P-2", "TRESPASSED"), in.initialWatchlist());
        assertEquals(Map.of("control.jsonl/0", 6L, "watchlist.jsonl/0", 3L), in.ends());
        assertEquals(8, in.records().size(), "every non-blank line is audited by the job");
        List<String> ids = new ArrayList<>();
        for (ControlRecord r : in.records()) ids.add(r.source() + "@" + r.offset());
        assertEquals(
                List.of(
                        "CONTROL@0",
                        "CONTROL@1",
                        "CONTROL@2",
                        "CONTROL@3",
                        "CONTROL@5",
                        "WATCHLIST@0",
                        "WATCHLIST@1",
                        "WATCHLIST@2"),
                ids);
    }
}
