package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.reconcile.ReconcileMain;
import io.floorwatch.reconcile.Reconciliation;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code jobs/floorwatch reconcile} against a real Kafka and ClickHouse after a bounded run: OK, with the redelivered
 * records counted as duplicates and the bad ones as rejected; then, with rows deleted in ClickHouse, LOSS naming
 * exactly the offsets of those rows, and exit code 1.
 */
@Tag("faults")
class ReconcileTest {
    @Test
    void okAfterARunThenLossNamingTheDeletedOffsets() throws Exception {
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "reconcile-" + run + "-";
        String db = "reconcile_" + run;
        FaultFixture input = new FaultFixture(1200);
        input.sendTo(kafka.bootstrapServers(), prefix);
        Map<String, String> cfg;
        try (WebhookReceiver webhook = WebhookReceiver.start()) {
            cfg = FaultFixture.config(kafka.bootstrapServers(), prefix, db, webhook, clickhouse);
            FaultFixture.run(cfg, List.of(), 0);
        }
        cfg.remove("webhook.url");
        cfg.remove("webhook.compliance-url");

        Reconciliation ok = ReconcileMain.reconcile(FloorWatchConfig.of(cfg));
        String table = ok.render();
        System.out.println("[faults] reconcile after a clean run\n" + table);
        assertTrue(ok.ok(), table);
        assertTrue(table.contains("verdict: OK"), table);
        // a bounded run commits the end offsets it read to (FloorWatchJob.run, FaultFixture.run): no lag is left
        long consumed = ok.partitions().stream()
                .mapToLong(Reconciliation.PartitionReport::consumed)
                .sum();
        long lag = ok.partitions().stream()
                .mapToLong(Reconciliation.PartitionReport::lag)
                .sum();
        assertEquals(0, lag, table);
        assertEquals(input.eventsSent(), consumed, table);
        long accounted = 0;
        for (Reconciliation.PartitionReport p : ok.partitions())
            accounted += p.stored() + p.rejected() + p.duplicates() + p.noRecord();
        assertEquals(consumed, accounted, "every consumed offset accounted for: " + table);
        assertTrue(
                ok.partitions().stream()
                                .mapToLong(Reconciliation.PartitionReport::duplicates)
                                .sum()
                        > 0,
                "redeliveries: " + table);
        assertTrue(
                ok.partitions().stream()
                                .mapToLong(Reconciliation.PartitionReport::rejected)
                                .sum()
                        > 0,
                "malformed: " + table);
        long slot0Committed = ok.partitions().stream()
                .filter(p -> p.topic().equals(prefix + "slot") && p.partition() == 0)
                .findFirst()
                .orElseThrow()
                .committed();

        // lose three events of one slot partition and one cage transaction: delete their rows
        List<Long> slotOffsets =
                longs(clickhouse.query("SELECT `offset` FROM " + db + ".slot_events_live WHERE `partition` = 0"
                        + " AND `offset` < " + slot0Committed + " ORDER BY `offset` LIMIT 3 OFFSET 100"));
        assertEquals(3, slotOffsets.size(), table);
        String slotWhere = "`partition` = 0 AND `offset` IN (" + join(slotOffsets) + ")";
        clickhouse.execute(
                "ALTER TABLE " + db + ".slot_events_live DELETE WHERE " + slotWhere + " SETTINGS mutations_sync = 2");
        // and one cage transaction the group has consumed (committed past it)
        String[] cageAt = null;
        for (String line : clickhouse
                .query("SELECT `partition`, `offset` FROM " + db + ".cage_transactions_live ORDER BY `offset`")
                .split("\n")) {
            if (line.isBlank()) continue;
            String[] at = line.strip().split("\t");
            Long committed = ok.partitions().stream()
                    .filter(p -> p.topic().equals(prefix + "cage") && p.partition() == Integer.parseInt(at[0]))
                    .findFirst()
                    .orElseThrow()
                    .committed();
            if (committed != null && Long.parseLong(at[1]) < committed) {
                cageAt = at;
                break;
            }
        }
        if (cageAt != null) {
            clickhouse.execute("ALTER TABLE " + db + ".cage_transactions_live DELETE WHERE `partition` = " + cageAt[0]
                    + " AND `offset` = " + cageAt[1] + " SETTINGS mutations_sync = 2");
        }

        Reconciliation loss = ReconcileMain.reconcile(FloorWatchConfig.of(cfg));
        String lossTable = loss.render();
        System.out.println("[faults] reconcile after deleting rows\n" + lossTable);
        assertFalse(loss.ok(), lossTable);
        assertEquals(cageAt == null ? 3 : 4, loss.lost(), lossTable);
        assertTrue(lossTable.contains("verdict: LOSS"), lossTable);
        assertEquals(slotOffsets, lostOffsets(loss, prefix + "slot", 0), lossTable);
        if (cageAt != null) {
            assertEquals(
                    List.of(Long.parseLong(cageAt[1])),
                    lostOffsets(loss, prefix + "cage", Integer.parseInt(cageAt[0])),
                    lossTable);
        }
        String firstSlotLoss =
                slotOffsets.get(0) + (slotOffsets.get(2) - slotOffsets.get(0) == 2 ? "-" + slotOffsets.get(2) : "");
        assertTrue(lossTable.contains(prefix + "slot/0 offsets " + firstSlotLoss), lossTable);

        // the command itself: the table on stdout and exit code 1
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReconcileMain.class.getName()));
        cfg.forEach((k, v) -> {
            command.add("--" + k);
            command.add(v);
        });
        Path out = Files.createTempFile("reconcile", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "reconcile did not finish");
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(1, p.exitValue(), printed);
            assertTrue(
                    printed.contains("verdict: LOSS") && printed.contains(prefix + "slot/0 offsets " + firstSlotLoss),
                    printed);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static List<Long> lostOffsets(Reconciliation r, String topic, int partition) {
        List<Long> out = new ArrayList<>();
        for (Reconciliation.PartitionReport p : r.partitions()) {
            if (!p.topic().equals(topic) || p.partition() != partition) continue;
            for (long[] range : p.lostRanges()) for (long o = range[0]; o <= range[1]; o++) out.add(o);
        }
        return out;
    }

    static List<Long> longs(String tsv) {
        List<Long> out = new ArrayList<>();
        for (String line : tsv.split("\n")) if (!line.isBlank()) out.add(Long.parseLong(line.strip()));
        return out;
    }

    static String join(List<Long> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
