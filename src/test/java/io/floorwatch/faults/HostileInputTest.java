package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.event.EventParser;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectReason;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.Outputs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile input through Kafka into the whole job: the corpus of bad shapes (10 MB payloads included) and a seeded fuzz
 * stream mixed into a valid stream. Every bad record lands in rejected_events with its reason (counted per reason),
 * every valid event is stored once, and the valid stream's throughput is compared with a run without the hostile records.
 */
@Tag("faults")
class HostileInputTest {
    static final int VALID = 3000;
    static final int CORPUS_COPIES = 10;
    static final int FUZZ = 2000;
    static final long FUZZ_SEED = 99L;

    @Test
    void everyBadRecordRejectedWithItsReasonEveryValidOneStoredOnce() throws Exception {
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < VALID; i++) valid.add(HostileCorpus.slot("v" + i, t0.plusMillis(i * 200L), ""));

        long now = Instant.now().toEpochMilli();
        EventParser parser = new EventParser(5 * 60_000L, 10_000_000_00L, 1 << 20, ZoneId.of("UTC"));
        List<HostileCorpus.Case> hostile =
                new ArrayList<>(HostileCorpus.corpus(t0.plusSeconds(60), CORPUS_COPIES, true));
        hostile.addAll(HostileCorpus.fuzz(t0.plusSeconds(120), FUZZ, FUZZ_SEED, parser, now));

        // the mixed stream: the valid records in order, the hostile ones spread among them at seeded places
        List<byte[]> mixed = new ArrayList<>();
        for (String v : valid) mixed.add(v.getBytes(StandardCharsets.UTF_8));
        Random random = new Random(5);
        List<HostileCorpus.Case> shuffled = new ArrayList<>(hostile);
        Collections.shuffle(shuffled, random);
        for (HostileCorpus.Case c : shuffled) mixed.add(random.nextInt(mixed.size() + 1), c.payload());

        Map<String, Long> expectedReasons = new TreeMap<>();
        Set<String> expectedIds = new HashSet<>();
        for (int i = 0; i < VALID; i++) expectedIds.add("v" + i);
        for (HostileCorpus.Case c : hostile) {
            if (c.reason() == null) expectedIds.add(c.eventId());
            else expectedReasons.merge(c.reason().name(), 1L, Long::sum);
        }

        try (WebhookReceiver webhook = WebhookReceiver.start()) {
            double validOnly = runAndTime(
                    clickhouse,
                    kafka,
                    webhook,
                    "hostile_base_" + run,
                    "hostile-base-" + run + "-",
                    valid.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList(),
                    VALID);
            String db = "hostile_mixed_" + run;
            double withHostile =
                    runAndTime(clickhouse, kafka, webhook, db, "hostile-mixed-" + run + "-", mixed, expectedIds.size());

            Map<String, Long> rejectedByReason = new TreeMap<>();
            for (String line : clickhouse
                    .query("SELECT reason, count() FROM " + db + ".rejected_events FINAL GROUP BY reason")
                    .split("\n")) {
                if (line.isBlank()) continue;
                String[] kv = line.split("\t");
                rejectedByReason.put(kv[0], Long.parseLong(kv[1]));
            }
            long stored = clickhouse.count("SELECT count() FROM " + db + ".slot_events_live FINAL");
            long distinctStored = clickhouse.count("SELECT uniqExact(event_id) FROM " + db + ".slot_events_live");
            long rejected = rejectedByReason.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            long expectedRejected =
                    expectedReasons.values().stream().mapToLong(Long::longValue).sum();
            double ratio = withHostile / validOnly;
            FaultRegistry.record(new FaultRegistry.Outcome(
                    "hostile input",
                    mixed.size(),
                    Math.max(0, expectedIds.size() - stored),
                    Math.max(0, stored - expectedIds.size()),
                    rejected,
                    String.format(
                            "%d reject reasons, corpus x %d, 2 x 10 MB, %d fuzzed (seed %d); valid events/s %.0f alone, %.0f mixed (ratio %.2f)",
                            expectedReasons.size(), CORPUS_COPIES, FUZZ, FUZZ_SEED, validOnly, withHostile, ratio)));

            assertEquals(expectedReasons, rejectedByReason, "rejected_events by reason");
            assertEquals(
                    expectedRejected,
                    clickhouse.count("SELECT count() FROM " + db + ".rejected_events"),
                    "each rejected record once");
            assertEquals(expectedIds.size(), stored, "every valid event stored once (FINAL)");
            assertEquals(expectedIds.size(), distinctStored, "distinct event ids");
            assertEquals(
                    0,
                    clickhouse.count("SELECT count() FROM " + db + ".slot_events_live FINAL WHERE event_id IN ("
                                    + String.join(
                                            ",",
                                            expectedIds.stream()
                                                    .filter(id -> id.startsWith("v"))
                                                    .map(id -> "'" + id + "'")
                                                    .toList())
                                    + ")")
                            - VALID,
                    "the valid stream is complete");
            assertEquals(
                    "0.25\t0\t0",
                    clickhouse.query(
                            "SELECT toString(d.denomination), toString(z.denomination), toString(w.wager_amount) FROM "
                                    + db + ".slot_events_live AS d FINAL, " + db + ".slot_events_live AS z FINAL, " + db
                                    + ".slot_events_live AS w FINAL"
                                    + " WHERE d.event_id = 'h0-dq' AND z.event_id = 'h0-dzero' AND w.event_id = 'h0-wzero'"),
                    "odd numbers stored exactly");
            assertTrue(
                    clickhouse.count("SELECT max(length(payload)) FROM " + db
                                    + ".rejected_events WHERE reason = 'PAYLOAD_TOO_LARGE'")
                            <= 64 * 1024,
                    "a 10 MB record is kept cut to 64 KiB");
            assertEquals(
                    2,
                    clickhouse.count("SELECT count() FROM " + db + ".rejected_events WHERE reason = '"
                            + RejectReason.PAYLOAD_TOO_LARGE.name()
                            + "' AND startsWith(payload, '{\"event_id\":\"huge')"));
        }
    }

    /** Runs the bounded job over {@code records} on fresh topics; returns the raw events per second between first and last. */
    static double runAndTime(
            ClickHouseServer clickhouse,
            KafkaBroker kafka,
            WebhookReceiver webhook,
            String db,
            String prefix,
            List<byte[]> records,
            long expectedEvents)
            throws Exception {
        // 10 MB records: the topic must accept them (the broker default is 1 MB); the producer is set up for them too
        FaultFixture.createTopics(
                kafka.bootstrapServers(),
                2,
                Map.of("max.message.bytes", String.valueOf(16 * 1024 * 1024)),
                FaultFixture.topicsOf(prefix));
        FaultFixture.sendBytes(kafka.bootstrapServers(), prefix + "slot", records, null);
        TimingSink<FloorEvent> timing = new TimingSink<>();
        FaultFixture.run(
                FaultFixture.config(kafka.bootstrapServers(), prefix, db, webhook, clickhouse),
                List.of(Outputs.named("timing", timing)),
                0);
        // at least: dedup is per entity, so a fuzzed id that collides with another machine's id passes it (ClickHouse
        // keeps one row
        // per event_id); a restart would replay some too
        assertTrue(
                timing.count() >= expectedEvents,
                "raw events out of dedup in " + db + ": " + timing.count() + " < " + expectedEvents);
        return timing.perSecond();
    }
}
