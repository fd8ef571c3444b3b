package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.FailOnceSink;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import io.floorwatch.topology.SinkSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Offers end to end with a real Kafka broker and a real ClickHouse (SPEC 8.2): the transactional {@code player-offers}
 * topic read {@code read_committed} holds every offer exactly once after an injected failure and a restore from the
 * last checkpoint; a new run from the earliest offsets with empty state re-sends only the same offer_ids, and
 * {@code player_offers} keeps one row each. {@code player_ratings} read with FINAL is the exact day rating.
 */
class PlayerOffersKafkaTest {
    static final int PLAYERS = 12;
    static final int EVENTS = 12_000;
    /** 10 minutes before a 06:00 UTC gaming-day start (casino.timezone UTC) that is well in the past. */
    static final Instant T0 = Instant.now()
            .minus(2, ChronoUnit.HOURS)
            .atZone(ZoneOffset.UTC)
            .toLocalDate()
            .atTime(6, 0)
            .toInstant(ZoneOffset.UTC)
            .minus(1, ChronoUnit.DAYS)
            .minus(10, ChronoUnit.MINUTES);

    static final Map<String, String> RULES = Map.of(
            "offers.fp.min-coin-in",
            "100",
            "offers.fp.reward",
            "FREE_PLAY",
            "offers.fp.value",
            "20",
            "offers.vip.min-theo",
            "30",
            "offers.vip.min-minutes",
            "8",
            "offers.vip.reward",
            "HOTEL",
            "offers.vip.value",
            "150",
            "offers.never.min-coin-in",
            "100000",
            "offers.never.reward",
            "FOOD",
            "offers.never.value",
            "10");

    static ClickHouseServer clickhouse;
    static KafkaBroker kafka;
    static String offersTopic;
    static String db;
    static FailOnceSink<FloorEvent> failure;
    /** offer_id → how often a read_committed consumer saw it, after the failed run and after the re-run. */
    static Map<String, Integer> afterFailure;

    static Map<String, Integer> afterRerun;
    static TreeSet<String> expected = new TreeSet<>();
    /** player/day → [coin in cents, games]. */
    static Map<String, long[]> dayTotals = new TreeMap<>();

    @BeforeAll
    static void run() throws Exception {
        clickhouse = ClickHouseServer.shared();
        kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "players-" + run + "-";
        offersTopic = prefix + "offers";
        kafka.createTopics(2, prefix + "slot", prefix + "table", prefix + "security", prefix + "cage");
        kafka.createTopics(1, offersTopic);
        List<String> slot = new ArrayList<>();
        Map<String, long[]> firstLast = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant t = T0.plusMillis(i * 100L); // 20 minutes across 06:00 UTC
            String player = String.format("P%02d", i % PLAYERS);
            long wager = (i % 7 + 1) * 20L + (i % 3) * 5L; // $0.20 .. $1.50
            slot.add("{\"event_id\":\"pl" + i + "\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":\"" + t
                    + "\",\"machine_id\":\"SM-"
                    + String.format("%03d", i % 30) + "\",\"player_id\":\"" + player + "\",\"wager_amount\":\""
                    + BigDecimal.valueOf(wager, 2)
                    + "\",\"payout_amount\":0}");
            LocalDate day = t.minus(6, ChronoUnit.HOURS).atZone(ZoneOffset.UTC).toLocalDate();
            String key = player + "/" + day;
            long[] totals = dayTotals.computeIfAbsent(key, k -> new long[2]);
            totals[0] += wager;
            totals[1]++;
            long[] fl = firstLast.computeIfAbsent(key, k -> new long[] {t.toEpochMilli(), t.toEpochMilli()});
            fl[1] = t.toEpochMilli();
        }
        // expected offers: the rules are monotone in coin in, theo and minutes, so the day's final totals decide
        dayTotals.forEach((key, totals) -> {
            String player = key.substring(0, key.indexOf('/'));
            String day = key.substring(key.indexOf('/') + 1);
            long theo = BigDecimal.valueOf(totals[0])
                    .multiply(new BigDecimal("0.08"))
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
            long[] fl = firstLast.get(key);
            long minutes = Math.max(1, (fl[1] - fl[0] + 59_999) / 60_000);
            if (totals[0] >= 10_000) expected.add(PlayerOffer.idOf("fp", player, day));
            if (theo >= 3_000 && minutes >= 8) expected.add(PlayerOffer.idOf("vip", player, day));
        });
        assertTrue(expected.size() > PLAYERS, "both days, both rules: " + expected.size());
        kafka.send(prefix + "slot", slot, v -> v.replaceAll(".*\"machine_id\":\"([^\"]+)\".*", "$1"));

        db = "players_" + run;
        failure = new FailOnceSink<>(EVENTS / 8, 1); // per raw-event writer (2 of them): after the first offers
        runJob(prefix, "first-" + run, failure);
        afterFailure = readCommitted();
        runJob(prefix, "rerun-" + run, null); // new group, earliest, empty state
        afterRerun = readCommitted();
        clickhouse.execute("OPTIMIZE TABLE " + db + ".player_offers FINAL");
        clickhouse.execute("OPTIMIZE TABLE " + db + ".player_ratings FINAL");
    }

    static void runJob(String prefix, String group, FailOnceSink<FloorEvent> failure) throws Exception {
        Map<String, String> cfg = new HashMap<>(RULES);
        cfg.putAll(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                group,
                "kafka.starting-offsets",
                "earliest",
                "kafka.topics.slot",
                prefix + "slot",
                "kafka.topics.table",
                prefix + "table",
                "kafka.topics.security",
                prefix + "security",
                "kafka.topics.cage",
                prefix + "cage",
                "kafka.topics.offers",
                offersTopic,
                "kafka.offers.transactional-id-prefix",
                prefix + "offers"));
        cfg.putAll(Map.of(
                "sources.bounded",
                "true",
                "checkpoint.interval",
                "300ms",
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
                "clickhouse.flush-interval",
                "200ms",
                "checkpoint.dir",
                Files.createTempDirectory("players-cp").toUri().toString()));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        FloorWatchConfig config = FloorWatchConfig.of(cfg);
        SinkSettings.createSchemaIfConfigured(config);
        StreamExecutionEnvironment env = FloorWatchJob.environment(config);
        Outputs outputs = ConfiguredOutputs.create(config);
        if (failure != null) outputs.rawEvents.add(Outputs.named("fail-once", failure));
        FloorWatchTopology.build(env, config, InputSources.fromConfig(config), Map.of(), outputs);
        env.execute("players-" + group);
    }

    /** Every committed offer on the topic, counted by offer_id; also checks the JSON and the key. */
    static Map<String, Integer> readCommitted() throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> seen = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(offersTopic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp); // read_committed: the last stable offset
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode o = json.readTree(r.value());
                    assertEquals(
                            o.get("player_id").asText(),
                            new String(r.key(), StandardCharsets.UTF_8),
                            "keyed by player_id");
                    assertTrue(
                            o.get("value").isNumber()
                                    && o.get("theo_win").isNumber()
                                    && o.get("coin_in").isNumber(),
                            o.toString());
                    assertTrue(
                            o.get("event_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                            o.toString());
                    assertTrue(o.get("gaming_day").asText().matches("\\d{4}-\\d\\d-\\d\\d"), o.toString());
                    assertEquals(
                            PlayerOffer.idOf(
                                    o.get("rule_id").asText(),
                                    o.get("player_id").asText(),
                                    o.get("gaming_day").asText()),
                            o.get("offer_id").asText());
                    seen.merge(o.get("offer_id").asText(), 1, Integer::sum);
                }
            }
            assertEquals(end, consumer.position(tp), "read the topic to its end");
        }
        return seen;
    }

    @Test
    @DisplayName("8.2: after a failure and restore, a read_committed consumer sees every offer exactly once")
    void exactlyOnceAcrossFailure() {
        assertTrue(failure.hasFailed(), "the injected failure must have happened");
        assertEquals(expected, new TreeSet<>(afterFailure.keySet()));
        assertEquals(
                Map.of(),
                afterFailure.entrySet().stream()
                        .filter(e -> e.getValue() != 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "offers seen more than once");
    }

    @Test
    @DisplayName(
            "8.2: a new run from earliest with empty state re-sends only the same offer_ids; player_offers keeps one row each")
    void rerunSendsTheSameOfferIds() {
        assertEquals(expected, new TreeSet<>(afterRerun.keySet()), "no new offer_id");
        assertTrue(afterRerun.values().stream().allMatch(n -> n == 2), "each offer once per run: " + afterRerun);
        assertEquals(expected.size(), clickhouse.count("SELECT count() FROM " + db + ".player_offers FINAL"));
        assertEquals(expected.size(), clickhouse.count("SELECT count() FROM " + db + ".player_offers"), "after merges");
        assertEquals(expected.size(), clickhouse.count("SELECT uniqExact(offer_id) FROM " + db + ".player_offers"));
        assertEquals(0, clickhouse.count("SELECT count() FROM " + db + ".player_offers WHERE rule_id = 'never'"));
    }

    @Test
    @DisplayName("8.2: player_ratings read with FINAL: one row per player and gaming day with the exact totals")
    void ratingsFinal() {
        String rows = clickhouse.query("SELECT player_id, toString(gaming_day), toString(coin_in), games, version FROM "
                + db + ".player_ratings FINAL ORDER BY player_id, gaming_day");
        StringBuilder expectedRows = new StringBuilder();
        dayTotals.forEach((key, t) -> expectedRows
                .append(key.replace('/', '\t'))
                .append('\t')
                .append(BigDecimal.valueOf(t[0], 2).stripTrailingZeros().toPlainString())
                .append('\t')
                .append(t[1])
                .append('\t')
                .append(t[1])
                .append('\n'));
        assertEquals(expectedRows.toString().strip(), rows.strip());
    }
}
