package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.source.InputSources;
import io.floorwatch.source.KafkaEndOffsets;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import io.floorwatch.topology.SinkSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every fault test shares: one small deterministic input (a few thousand events with jackpots, errors,
 * cage transactions, redeliveries and bad records), the job's configuration for a run into its own ClickHouse
 * database and webhook paths, and the comparison of a faulty run with the failure-free one.
 */
final class FaultFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    static final String[] SOURCES = {"slot", "table", "security", "cage"};

    /** Each table and the columns that identify its content (processing times left out: they differ by design). */
    static final Map<String, String> TABLES = new TreeMap<>(Map.of(
            "slot_events_live",
                    "event_id, event_type, event_timestamp, machine_id, wager_amount, payout_amount, `partition`, `offset`",
            "cage_transactions_live", "event_id, player_id, amount, event_timestamp, `partition`, `offset`",
            "machine_minute",
                    "window_start, machine_id, floor_section, spins, coin_in, coin_out, jackpots, errors, players",
            "floor_minute", "window_start, floor_section, spins, coin_in, coin_out, active_machines",
            "player_sessions", "player_id, session_start, session_end, coin_in, games, theo_win",
            "alerts", "alert_id, rule, status, entity_id, event_time, amount",
            "rejected_events", "topic, `partition`, `offset`, reason"));

    /** The input: topic suffix -> records, in order. */
    final Map<String, List<String>> records = new LinkedHashMap<>();

    final long validSlot;
    final long badRecords;
    final long redelivered;

    FaultFixture(int slotEvents) {
        List<String> slot = new ArrayList<>();
        List<String> cage = new ArrayList<>();
        long bad = 0, again = 0;
        for (int i = 0; i < slotEvents; i++) {
            Instant t = T0.plusMillis(i * 300L);
            String machine = String.format("SM-%03d", i % 40);
            String type = i % 397 == 0 ? "JACKPOT" : i % 301 < 12 && i % 2 == 0 ? "ERROR" : "GAME_PLAYED";
            String money = switch (type) {
                case "JACKPOT" -> ",\"payout_amount\":\"" + (1200 + i % 15000) + ".25\"";
                case "GAME_PLAYED" ->
                    ",\"wager_amount\":" + (i % 9 + 1) + ".25,\"payout_amount\":" + (i % 4) + ",\"player_id\":\"P"
                            + (i % 30) + "\"";
                default -> "";
            };
            String record = "{\"event_id\":\"f" + i + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + t
                    + "\",\"machine_id\":\"" + machine + "\",\"floor_section\":\"" + (char) ('A' + i % 40 / 10) + "\""
                    + money + "}";
            slot.add(record);
            if (i % 211 == 0) {
                slot.add(record); // redelivered by an at-least-once producer: counts once
                again++;
            }
            if (i % 400 == 7) {
                slot.add("{\"event_id\":\"bad" + i + "\"");
                bad++;
            }
            if (i % 150 == 0) {
                cage.add("{\"event_id\":\"c" + i + "\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + t
                        + "\",\"player_id\":\"P" + (i % 7) + "\",\"amount\":\"" + (8000 + i % 1999)
                        + ".00\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\"}");
            }
        }
        records.put("slot", slot);
        records.put("cage", cage);
        validSlot = slotEvents;
        badRecords = bad;
        redelivered = again;
    }

    long eventsSent() {
        return records.values().stream().mapToLong(List::size).sum();
    }

    /** Creates the topics (2 partitions) on any broker and sends the input, slot records keyed by machine. */
    void sendTo(String bootstrap, String prefix) throws Exception {
        createTopics(bootstrap, 2, Map.of(), topicsOf(prefix));
        sendPart(bootstrap, prefix, 0, 1);
    }

    /** Sends part {@code part} of {@code parts} (equal slices of each topic's records, in order). */
    void sendPart(String bootstrap, String prefix, int part, int parts) {
        for (Map.Entry<String, List<String>> e : records.entrySet()) {
            List<String> all = e.getValue();
            List<String> slice = all.subList(all.size() * part / parts, all.size() * (part + 1) / parts);
            send(bootstrap, prefix + e.getKey(), slice, FaultFixture::machineKey);
        }
    }

    static List<String> topicsOf(String prefix) {
        List<String> topics = new ArrayList<>();
        for (String s : SOURCES) topics.add(prefix + s);
        return topics;
    }

    /**
     * Keyed by entity, as producers do (the machine, else the player), else by the record itself: the same partition on
     * every broker, run after run, and each entity's events in order. (Keyed at random, a player's cage transactions
     * interleave differently from run to run, and CTR_REQUIRED's amount and time follow that order.)
     */
    static String machineKey(String v) {
        for (String field : new String[] {"\"machine_id\":\"", "\"player_id\":\""}) {
            int i = v.indexOf(field);
            if (i < 0) continue;
            int start = i + field.length();
            return v.substring(start, v.indexOf('"', start));
        }
        return v;
    }

    static void createTopics(String bootstrap, int partitions, Map<String, String> topicConfig, List<String> topics)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> create = new ArrayList<>();
            for (String t : topics) create.add(new NewTopic(t, partitions, (short) 1).configs(topicConfig));
            admin.createTopics(create).all().get();
        }
    }

    static void send(String bootstrap, String topic, List<String> values, Function<String, String> key) {
        List<byte[]> bytes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String v : values) {
            bytes.add(v.getBytes(StandardCharsets.UTF_8));
            keys.add(key.apply(v));
        }
        sendBytes(bootstrap, topic, bytes, keys);
    }

    /** Sends raw bytes in order (one in-flight request, idempotent producer: no reordering, no duplicates). */
    static void sendBytes(String bootstrap, String topic, List<byte[]> values, List<String> keys) {
        Map<String, Object> props = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                16 * 1024 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                64L * 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG,
                5));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                String k = keys == null ? null : keys.get(i);
                producer.send(new ProducerRecord<>(
                        topic, k == null ? null : k.getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
        }
    }

    /** The job's configuration for one run: its own consumer group, ClickHouse database and webhook paths. */
    static Map<String, String> config(
            String bootstrap, String prefix, String db, WebhookReceiver webhook, ClickHouseServer clickhouse) {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                bootstrap,
                "kafka.group-id",
                db,
                "kafka.topics.slot",
                prefix + "slot",
                "kafka.topics.table",
                prefix + "table",
                "kafka.topics.security",
                prefix + "security",
                "kafka.topics.cage",
                prefix + "cage",
                "sources.bounded",
                "true",
                "checkpoint.interval",
                "300ms",
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db));
        cfg.putAll(Map.of(
                "clickhouse.create-schema",
                "true",
                "clickhouse.user",
                clickhouse.user(),
                "casino.timezone",
                "UTC",
                "clickhouse.flush-interval",
                "200ms",
                "clickhouse.batch-rows",
                "500",
                "webhook.url",
                webhook.url("/" + db + "/floor"),
                "webhook.compliance-url",
                webhook.url("/" + db + "/compliance"),
                "webhook.secret",
                "fault-suite-secret",
                "webhook.max-retry-backoff",
                "2s",
                // a fault holds processing up for longer than a minute of wall clock: no stale-source alerts by design
                "rules.stale-source.timeout",
                "24h"));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        return cfg;
    }

    /**
     * Runs the bounded job in this JVM to the end. {@code extra} sinks go next to the raw events (a gate, a failure),
     * {@code restPort} > 0 exposes the MiniCluster's REST API (checkpoint statistics).
     */
    static void run(Map<String, String> cfg, List<Outputs.Named<FloorEvent>> extra, int restPort) throws Exception {
        FloorWatchConfig config = FloorWatchConfig.of(cfg);
        SinkSettings.createSchemaIfConfigured(config);
        StreamExecutionEnvironment env;
        if (restPort > 0) {
            // FloorWatchJob.environment(config), with the REST endpoint on a known port
            Configuration local = FloorWatchJob.localConfiguration(config);
            local.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
            local.set(PipelineOptions.GENERIC_TYPES, false);
            local.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(10));
            local.set(RestOptions.BIND_PORT, String.valueOf(restPort));
            local.set(RestOptions.PORT, restPort);
            // REST answers from a cache refreshed this often (3 s by default): the tests poll checkpoint counts
            local.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(100));
            env = StreamExecutionEnvironment.createLocalEnvironment(local);
            env.setParallelism(config.get(io.floorwatch.config.Options.JOB_PARALLELISM));
        } else {
            env = FloorWatchJob.environment(config);
        }
        Outputs outputs = ConfiguredOutputs.create(config);
        outputs.rawEvents.addAll(extra);
        // as FloorWatchJob.run: a bounded run reads to the end offsets of its start and commits them once finished
        // (a run shorter than a checkpoint interval would otherwise commit only what some checkpoint happened to see)
        boolean boundedKafka =
                config.get(io.floorwatch.config.Options.SOURCES_MODE).equals("kafka")
                        && config.get(io.floorwatch.config.Options.SOURCES_BOUNDED);
        Map<TopicPartition, Long> end = boundedKafka ? KafkaEndOffsets.capture(config) : Map.of();
        FloorWatchTopology.build(env, config, InputSources.fromConfig(config, end), Map.of(), outputs);
        env.execute("faults-" + cfg.get("clickhouse.database"));
        KafkaEndOffsets.commit(config, end);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Content fingerprint of a table, read with FINAL as the dashboards do. */
    static String fingerprint(ClickHouseServer clickhouse, String db, String table) {
        return clickhouse
                .query("SELECT count(), sum(cityHash64(" + TABLES.get(table) + ")) FROM " + db + "." + table + " FINAL")
                .strip();
    }

    /** Asserts every table of {@code db} holds exactly the rows of {@code cleanDb}; names the differing rows if not. */
    static void assertSameTables(ClickHouseServer clickhouse, String cleanDb, String db) {
        for (String table : TABLES.keySet()) {
            String cols = TABLES.get(table);
            String expected = fingerprint(clickhouse, cleanDb, table);
            assertTrue(!expected.startsWith("0\t"), cleanDb + "." + table + " must not be empty");
            String actual = fingerprint(clickhouse, db, table);
            if (!expected.equals(actual)) {
                String diff = clickhouse.query(String.format(
                        "SELECT 'missing', " + cols + " FROM %s." + table + " FINAL WHERE (" + cols
                                + ") NOT IN (SELECT " + cols + " FROM %s." + table
                                + " FINAL) UNION ALL SELECT 'extra', " + cols + " FROM %s." + table
                                + " FINAL WHERE (" + cols + ") NOT IN (SELECT " + cols + " FROM %s." + table
                                + " FINAL) LIMIT 10",
                        cleanDb,
                        db,
                        db,
                        cleanDb));
                assertEquals(expected, actual, db + "." + table + " differs from the failure-free run:\n" + diff);
            }
        }
    }

    /** Raw events stored (distinct event ids) in a run's database. */
    static long storedEvents(ClickHouseServer clickhouse, String db) {
        return clickhouse.count("SELECT count() FROM " + db + ".slot_events_live FINAL")
                + clickhouse.count("SELECT count() FROM " + db + ".cage_transactions_live FINAL");
    }

    static long rejected(ClickHouseServer clickhouse, String db) {
        return clickhouse.count("SELECT count() FROM " + db + ".rejected_events FINAL");
    }

    /** Idempotency-Keys delivered under /db/ (floor and compliance), each once; a key never names two different alerts. */
    static Set<String> deliveredKeys(WebhookReceiver webhook, String db) throws IOException {
        Map<String, String> alertOfKey = new TreeMap<>();
        for (WebhookReceiver.Request r : webhook.requests()) {
            if (!r.path().startsWith("/" + db + "/") || r.status() / 100 != 2) continue;
            JsonNode body = JSON.readTree(r.body());
            String key = r.header("Idempotency-Key");
            String alert = body.path("rule").asText() + "/"
                    + body.path("entity_id").asText() + "/"
                    + body.path("status").asText() + "/" + body.path("severity").asText() + " -> " + r.path();
            String before = alertOfKey.putIfAbsent(key, alert);
            assertTrue(
                    before == null || before.equals(alert),
                    "id " + key + " delivered as two different alerts: " + before + " and " + alert);
        }
        return new TreeSet<>(alertOfKey.keySet());
    }

    /** Accepted (2xx) deliveries under /db/, counting repeats. */
    static long acceptedDeliveries(WebhookReceiver webhook, String db) {
        return webhook.requests().stream()
                .filter(r -> r.path().startsWith("/" + db + "/") && r.status() / 100 == 2)
                .count();
    }
}
