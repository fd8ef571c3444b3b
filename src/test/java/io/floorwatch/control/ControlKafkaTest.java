package io.floorwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.sink.clickhouse.Tables;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.CollectingSink;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC 8.1 and 8.3 end to end, with real Kafka and a real ClickHouse: the control topic and the watchlist read whole
 * before any floor event, every control message audited in {@code rule_changes} or {@code rejected_events}, bad
 * watchlist entries rejected, a rule changed live in the middle of a stream, and a replay that changes no table.
 */
class ControlKafkaTest {
    static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

    static String slot(String id, String type, int sec, String machine, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\""
                + T0.plusSeconds(sec) + "\",\"machine_id\":\"" + machine + "\"" + more + "}";
    }

    static String change(String id, String key, String value) {
        return "{\"change_id\":\"" + id + "\",\"key\":\"" + key + "\",\"value\":\"" + value
                + "\",\"changed_by\":\"j.doe\",\"changed_at\":\"2026-12-06T10:00:00Z\"}";
    }

    static String entry(String player, String list, String status) {
        return "{\"player_id\":\"" + player + "\",\"list\":\"" + list + "\",\"status\":\"" + status
                + "\",\"updated_at\":\"2026-12-01T09:00:00Z\"}";
    }

    /** Sends keyed records (a null value is a tombstone) to partition 0, in order. */
    static void send(KafkaBroker kafka, String topic, List<String[]> keyed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String[] kv : keyed) producer.send(new ProducerRecord<>(topic, 0, kv[0], kv[1]));
            producer.flush();
        }
    }

    static Map<String, String> config(
            KafkaBroker kafka, ClickHouseServer clickhouse, String prefix, String db, boolean bounded) {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                prefix + UUID.randomUUID(),
                "kafka.topics.slot",
                prefix + "slot",
                "kafka.topics.table",
                prefix + "table",
                "kafka.topics.security",
                prefix + "security",
                "kafka.topics.cage",
                prefix + "cage",
                "kafka.topics.control",
                prefix + "control",
                "kafka.topics.watchlist",
                prefix + "watchlist",
                "sources.bounded",
                Boolean.toString(bounded),
                "checkpoint.interval",
                "1s"));
        cfg.putAll(Map.of(
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db,
                "clickhouse.create-schema",
                "true",
                "clickhouse.user",
                clickhouse.user(),
                "casino.timezone",
                "UTC",
                "job.parallelism",
                "2",
                "clickhouse.flush-interval",
                "200ms"));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        return cfg;
    }

    @Test
    @DisplayName(
            "control and watchlist read whole before the events, every message audited, and a replay changes no table")
    void readWholeBeforeTheEventsAuditedAndReplayedWithoutChange() throws Exception {
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "ctl-" + run + "-";
        String db = "ctl_" + run;
        kafka.createTopics(
                1,
                prefix + "slot",
                prefix + "table",
                prefix + "security",
                prefix + "cage",
                prefix + "control",
                prefix + "watchlist");
        // the floor events go in first: the control messages still apply to all of them (they are read before any
        // event)
        kafka.send(
                prefix + "slot",
                List.of(
                        slot(
                                "s1",
                                "GAME_PLAYED",
                                1,
                                "SM-1",
                                ",\"wager_amount\":1,\"payout_amount\":1300"), // JACKPOT by config (1200), not by
                        // control (5000)
                        slot(
                                "s2",
                                "GAME_PLAYED",
                                2,
                                "SM-2",
                                ",\"wager_amount\":1,\"payout_amount\":6000"), // JACKPOT, MEDIUM from 5000; W-2G
                        slot(
                                "s3",
                                "HOPPER_STATUS",
                                3,
                                "SM-3",
                                ",\"hopper_level\":25"), // HOPPER_FILL under 30, not under 20
                        slot("s4", "HEARTBEAT", 4, "SM-4", "")));
        send(
                kafka,
                prefix + "control",
                List.of(
                        new String[] {"rules.jackpot.threshold", change("c-1", "rules.jackpot.threshold", "5000")},
                        new String[] {null, "garbage"},
                        new String[] {"rules.handpay-wait.timeout", change("c-2", "rules.handpay-wait.timeout", "1min")
                        },
                        new String[] {"rules.jackpot.threshold", change("c-3", "rules.jackpot.threshold", "abc")},
                        new String[] {"rules.hopper-fill.threshold", change("c-4", "rules.hopper-fill.threshold", "30")
                        }));
        send(
                kafka,
                prefix + "watchlist",
                List.of(
                        new String[] {"P-1", entry("P-1", "SELF_EXCLUDED", "ACTIVE")},
                        new String[] {"P-2", entry("P-2", "BANNED", "ACTIVE")},
                        new String[] {"P-2", entry("P-2", "BANNED", "REMOVED")},
                        new String[] {"P-3", null},
                        new String[] {"P-4", "{\"player_id\":\"P-4\",\"list\":\"BANNED\"}"}));

        FloorWatchConfig cfg = FloorWatchConfig.of(config(kafka, clickhouse, prefix, db, true));
        ControlInputs start = ControlBootstrap.read(cfg);
        assertEquals(
                Map.of("rules.jackpot.threshold", "5000", "rules.hopper-fill.threshold", "30"),
                start.initialSettings());
        assertEquals(
                Map.of("P-1", "SELF_EXCLUDED"), start.initialWatchlist(), "P-2 removed, P-3 a tombstone, P-4 invalid");
        FloorWatchJob.run(cfg);

        assertEquals(
                String.join(
                        "\n",
                        "c-1\trules.jackpot.threshold\t1200\t5000\tj.doe\tAPPLIED\t\\N",
                        "c-2\trules.handpay-wait.timeout\t10min\t1min\tj.doe\tREJECTED\tneeds a restart",
                        "c-3\trules.jackpot.threshold\t5000\tabc\tj.doe\tREJECTED\trules.jackpot.threshold: expected dollars with at most 2 decimals, got \\'abc\\'", // (TSV escapes the quotes)
                        "c-4\trules.hopper-fill.threshold\t20\t30\tj.doe\tAPPLIED\t\\N"),
                clickhouse
                        .query("SELECT change_id, `key`, old_value, new_value, changed_by, status, "
                                + "if(message LIKE '%needs a restart%', 'needs a restart', message) FROM " + db
                                + ".rule_changes FINAL ORDER BY change_id")
                        .strip());
        assertEquals(
                1,
                clickhouse.count(
                        "SELECT count() FROM " + db
                                + ".rule_changes FINAL WHERE changed_at = toDateTime64('2026-12-06 10:00:00', 3, 'UTC') AND change_id = 'c-1'"));
        assertEquals(
                String.join(
                        "\n",
                        "control\t" + prefix + "control\t0\t1\tINVALID_JSON",
                        "watchlist\t" + prefix + "watchlist\t0\t4\tMISSING_FIELD"),
                clickhouse
                        .query("SELECT source, topic, `partition`, `offset`, reason FROM " + db
                                + ".rejected_events FINAL ORDER BY source")
                        .strip());
        assertEquals(
                String.join("\n", "HOPPER_FILL\tSM-3\tMEDIUM", "JACKPOT\tSM-2\tMEDIUM", "W2G_REQUIRED\tSM-2\tMEDIUM"),
                clickhouse
                        .query("SELECT rule, entity_id, severity FROM " + db + ".alerts FINAL ORDER BY rule, entity_id")
                        .strip());

        // a replay: a new run from the earliest offsets with empty state writes nothing new anywhere
        Map<String, String> before = snapshot(clickhouse, db);
        FloorWatchJob.run(FloorWatchConfig.of(config(kafka, clickhouse, prefix, db, true)));
        assertEquals(before, snapshot(clickhouse, db));
    }

    /** Every table: its rows read with FINAL (all columns but wall-clock ones), and its plain row count (alerts aside). */
    static Map<String, String> snapshot(ClickHouseServer clickhouse, String db) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : Tables.ALL) {
            String columns = clickhouse
                    .query(
                            "SELECT arrayStringConcat(groupArray(concat('`', name, '`')), ',') FROM system.columns WHERE database = '"
                                    + db + "' AND table = '" + table
                                    + "' AND name NOT IN ('detected_at', 'received_at', 'ingested_at', 'attempted_at', 'sent_at', 'version')")
                    .strip();
            if (columns.isEmpty()) continue;
            String engine = clickhouse
                    .query("SELECT engine FROM system.tables WHERE database = '" + db + "' AND name = '" + table + "'")
                    .strip();
            String fin = engine.contains("Replacing") ? " FINAL" : "";
            out.put(
                    table + fin,
                    clickhouse.query("SELECT " + columns + " FROM " + db + "." + table + fin + " ORDER BY " + columns));
            // alerts rows carry the wall-clock detected_at, so a replay's block is new to the insert dedup and plain
            // reads of
            // alerts converge only when the ReplacingMergeTree merges (SPEC 6); every other table takes no row at all
            if (!table.equals(Tables.ALERTS))
                out.put(table + " count", clickhouse.query("SELECT count() FROM " + db + "." + table));
        }
        return out;
    }

    @Test
    @DisplayName("a rule changed live applies to the events after it, never before; a watchlist entry removed live")
    void aRuleChangedLiveMidStream() throws Exception {
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "ctl-live-" + run + "-";
        String db = "ctl_live_" + run;
        kafka.createTopics(
                1,
                prefix + "slot",
                prefix + "table",
                prefix + "security",
                prefix + "cage",
                prefix + "control",
                prefix + "watchlist");
        send(kafka, prefix + "watchlist", List.<String[]>of(new String[] {"P-9", entry("P-9", "TRESPASSED", "ACTIVE")
        }));
        kafka.send(
                prefix + "slot",
                List.of(slot("before", "GAME_PLAYED", 1, "SM-1", ",\"wager_amount\":1,\"payout_amount\":1500")));

        FloorWatchConfig cfg = FloorWatchConfig.of(config(kafka, clickhouse, prefix, db, false));
        io.floorwatch.topology.SinkSettings.createSchemaIfConfigured(cfg);
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        Outputs outputs = ConfiguredOutputs.create(cfg);
        CollectingSink<Alert> alerts = new CollectingSink<>();
        outputs.alerts.add(Outputs.named("test", alerts));
        ControlInputs start = ControlBootstrap.read(cfg);
        assertEquals(Map.of("P-9", "TRESPASSED"), start.initialWatchlist());
        ControlStreams control =
                FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg), Map.of(), outputs, start);
        CollectingSink<ControlUpdate> updates = new CollectingSink<>();
        control.updates().sinkTo(updates).uid("test-updates").name("test updates");
        JobClient job = env.executeAsync("control-live-test");
        try {
            await(() -> jackpots(alerts).contains("before"), "the JACKPOT of 'before' under the configured 1200");
            send(kafka, prefix + "control", List.<String[]>of(new String[] {
                "rules.jackpot.threshold", change("c-live", "rules.jackpot.threshold", "2000")
            }));
            await(
                    () -> clickhouse.count("SELECT count() FROM " + db
                                    + ".rule_changes FINAL WHERE change_id = 'c-live' AND status = 'APPLIED'")
                            == 1,
                    "c-live applied");
            send(kafka, prefix + "watchlist", List.<String[]>of(new String[] {
                "P-9", entry("P-9", "TRESPASSED", "REMOVED")
            }));
            kafka.send(
                    prefix + "slot",
                    List.of(
                            slot("after-1500", "GAME_PLAYED", 2, "SM-1", ",\"wager_amount\":1,\"payout_amount\":1500"),
                            slot(
                                    "after-2500",
                                    "GAME_PLAYED",
                                    3,
                                    "SM-1",
                                    ",\"wager_amount\":1,\"payout_amount\":2500")));
            await(() -> jackpots(alerts).contains("after-2500"), "the JACKPOT of 'after-2500' under the new 2000");
            await(
                    () -> updates.results().stream()
                            .anyMatch(u -> u.kind == ControlUpdate.Kind.WATCHLIST && u.value == null),
                    "P-9 removed, live");
        } finally {
            job.cancel().get();
        }
        assertEquals(
                List.of("before", "after-2500"), jackpots(alerts), "1500 fired before the change and not after it");
        assertEquals(
                "1200\t2000",
                clickhouse
                        .query("SELECT old_value, new_value FROM " + db + ".rule_changes FINAL")
                        .strip());
        List<String> live = updates.results().stream()
                .map(u -> u.kind + ":" + u.key + "=" + u.value)
                .toList();
        assertEquals(
                List.of("SETTING:rules.jackpot.threshold=2000", "WATCHLIST:P-9=null"),
                live,
                "only what came after the start position is broadcast: P-9's ACTIVE entry was a start value");
    }

    /** The events that raised a JACKPOT, in order. */
    static List<String> jackpots(CollectingSink<Alert> alerts) {
        return alerts.results().stream()
                .filter(a -> a.rule.equals("JACKPOT"))
                .map(a -> a.details.replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1"))
                .toList();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(200);
        }
    }
}
