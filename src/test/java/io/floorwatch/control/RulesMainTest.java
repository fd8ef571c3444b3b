package io.floorwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs/floorwatch rules set / list}: validated before anything is sent; list shows what is in force and why. */
class RulesMainTest {
    static String run(int expectedExit, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = RulesMain.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, out);
        return out;
    }

    @Test
    void setValidatesThenSendsAndListShowsTheValueInForce() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String topic = "rules-" + UUID.randomUUID().toString().substring(0, 8);
        String[] where = {
            "--kafka.bootstrap-servers",
            kafka.bootstrapServers(),
            "--kafka.topics.control",
            topic,
            "--kafka.topics.watchlist",
            topic + "-watchlist"
        };
        String sent = run(
                0,
                concat(
                        new String[] {
                            "set", "rules.jackpot.threshold", "1500", "--change-id", "c-1", "--changed-by", "j.doe"
                        },
                        where));
        assertTrue(sent.startsWith("sent c-1 to " + topic + "/0@0: rules.jackpot.threshold 1200 -> 1500"), sent);

        String refused = run(2, concat(new String[] {"set", "rules.jackpot.medium-threshold", "20000"}, where));
        assertTrue(
                refused.contains("refused, nothing sent")
                        && refused.contains("must not exceed rules.jackpot.high-threshold"),
                refused);
        String restart = run(2, concat(new String[] {"set", "rules.handpay-wait.timeout", "1min"}, where));
        assertTrue(restart.contains("needs a restart"), restart);
        String again =
                run(2, concat(new String[] {"set", "rules.jackpot.threshold", "1600", "--change-id", "c-1"}, where));
        assertTrue(again.contains("change_id c-1 is in the control topic already"), again);
        run(0, concat(new String[] {"set", "offers.vip.reward", "FOOD", "--change-id", "c-2"}, where));

        String list = run(0, concat(new String[] {"list", "--rules.hopper-fill.threshold", "25"}, where));
        assertTrue(list.matches("(?s).*rules\\.jackpot\\.threshold +1500 +control c-1 by j\\.doe at .*"), list);
        ControlInputs read = ControlBootstrap.read(io.floorwatch.config.FloorWatchConfig.of(java.util.Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.topics.control",
                topic,
                "kafka.topics.watchlist",
                topic + "-watchlist")));
        assertEquals("1500", read.initialSettings().get("rules.jackpot.threshold"));
        assertTrue(list.matches("(?s).*rules\\.jackpot\\.medium-threshold +5000 +default.*"), list);
        assertTrue(list.matches("(?s).*rules\\.hopper-fill\\.threshold +25 +config.*"), list);
        assertTrue(list.matches("(?s).*offers\\.vip\\.reward +FOOD +control c-2.*"), list);
        assertTrue(list.contains("watchlist: 0 ACTIVE entries"), list);
    }

    @Test
    void filesModeAppendsToControlJsonl(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("slot.jsonl"), "");
        run(
                0,
                "set",
                "rules.hopper-fill.threshold",
                "30",
                "--change-id",
                "f-1",
                "--sources.mode",
                "files",
                "--sources.files.dir",
                dir.toString());
        String line = Files.readString(dir.resolve("control.jsonl"));
        assertTrue(
                line.startsWith("{\"change_id\":\"f-1\",\"key\":\"rules.hopper-fill.threshold\",\"value\":\"30\""),
                line);
        assertTrue(
                line.matches("(?s).*\"changed_at\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\".*"),
                "milliseconds and Z: " + line);
        assertEquals(
                "30",
                ControlBootstrap.read(io.floorwatch.config.FloorWatchConfig.of(
                                java.util.Map.of("sources.mode", "files", "sources.files.dir", dir.toString())))
                        .initialSettings()
                        .get("rules.hopper-fill.threshold"));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
