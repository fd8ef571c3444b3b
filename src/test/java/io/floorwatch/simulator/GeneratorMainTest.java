package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.ConfigException;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorMainTest {
    static final String START = "2026-11-22T20:00:00Z";

    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinesFilePerStream() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = GeneratorMain.run(
                new String[] {
                    "--generate.output-dir",
                    dir.toString(),
                    "--simulator.max-events",
                    "5000",
                    "--simulator.start-time",
                    START,
                    "--simulator.seed",
                    "11"
                },
                Map.of(),
                new PrintStream(console, true));
        assertEquals(0, code);
        Map<Source, List<String>> expected = new EnumMap<>(Source.class);
        FloorSimulator sim = new FloorSimulator(
                SimulatorSettings.of(11, 500, java.time.Instant.parse(START).toEpochMilli()));
        for (int i = 0; i < 5000; i++) {
            RawRecord r = sim.next();
            expected.computeIfAbsent(r.source(), s -> new ArrayList<>())
                    .add(new String(r.payload(), StandardCharsets.UTF_8));
        }
        int total = 0;
        for (Source s : Source.FLOOR) {
            List<String> lines = Files.readAllLines(dir.resolve(s.code() + ".jsonl"));
            assertEquals(expected.get(s), lines, s.code());
            total += lines.size();
        }
        assertEquals(5000, total);
        assertTrue(console.toString().contains("wrote"), console.toString());
    }

    @Test
    void filesNeedALimitAndKafkaNeedsServers() {
        assertThrows(
                ConfigException.class,
                () -> GeneratorMain.run(
                        new String[] {"--generate.output-dir", dir.toString()},
                        Map.of(),
                        new PrintStream(new ByteArrayOutputStream())));
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> GeneratorMain.run(new String[] {}, Map.of(), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("kafka.bootstrap-servers"), e.getMessage());
    }

    @Test
    void sendsToKafkaKeyedByEntity() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        Map<Source, String> topics = Map.of(
                Source.SLOT,
                "gen-slot",
                Source.TABLE,
                "gen-table",
                Source.SECURITY,
                "gen-security",
                Source.CAGE,
                "gen-cage");
        int code = GeneratorMain.run(
                new String[] {
                    "--kafka.bootstrap-servers",
                    bootstrap,
                    "--simulator.max-events",
                    "2000",
                    "--simulator.rate",
                    "100000",
                    "--simulator.start-time",
                    START,
                    "--simulator.seed",
                    "12",
                    "--kafka.topics.slot",
                    topics.get(Source.SLOT),
                    "--kafka.topics.table",
                    topics.get(Source.TABLE),
                    "--kafka.topics.security",
                    topics.get(Source.SECURITY),
                    "--kafka.topics.cage",
                    topics.get(Source.CAGE),
                    "--kafka.topics.control",
                    "gen-control",
                    "--kafka.topics.watchlist",
                    "gen-watchlist"
                },
                Map.of(),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        // the simulated watchlist goes first, keyed by player (SPEC 8.3); 2,000 events span no rule change yet
        io.floorwatch.control.ControlInputs control =
                io.floorwatch.control.ControlBootstrap.read(io.floorwatch.config.FloorWatchConfig.of(Map.of(
                        "kafka.bootstrap-servers",
                        bootstrap,
                        "kafka.topics.control",
                        "gen-control",
                        "kafka.topics.watchlist",
                        "gen-watchlist")));
        assertEquals(
                4, control.initialWatchlist().size(), control.initialWatchlist().toString());
        assertEquals(Map.of("gen-watchlist/0", 6L, "gen-control/0", 0L), control.ends());

        SimulatorSettings settings = new SimulatorSettings(
                12,
                100000,
                240,
                6,
                24,
                2000,
                0.002,
                1,
                2000,
                java.time.Instant.parse(START).toEpochMilli(),
                "America/Los_Angeles",
                "gen-slot",
                "gen-table",
                "gen-security",
                "gen-cage");
        FloorSimulator sim = new FloorSimulator(settings);
        Map<String, FloorSimulator.Generated> expected = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            FloorSimulator.Generated g = sim.generate(i);
            expected.put(
                    new String(g.record().payload(), StandardCharsets.UTF_8) + "#"
                            + g.record().offset(),
                    g);
        }

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "generator-test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics.values());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < 2000 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertEquals(2000, got.size());
        Map<String, Integer> perTopic = new HashMap<>();
        Map<String, Integer> expectedPerTopic = new HashMap<>();
        for (FloorSimulator.Generated g : expected.values())
            expectedPerTopic.merge(g.record().topic(), 1, Integer::sum);
        for (ConsumerRecord<String, byte[]> r : got) {
            perTopic.merge(r.topic(), 1, Integer::sum);
        }
        assertEquals(expectedPerTopic, perTopic);
        // Records keep their order per topic and carry the entity as key.
        Map<String, List<FloorSimulator.Generated>> expectedOrder = new HashMap<>();
        FloorSimulator again = new FloorSimulator(settings);
        for (int i = 0; i < 2000; i++) {
            FloorSimulator.Generated g = again.generate(i);
            expectedOrder
                    .computeIfAbsent(g.record().topic(), t -> new ArrayList<>())
                    .add(g);
        }
        Map<String, Integer> position = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : got) {
            int k = position.merge(r.topic(), 1, Integer::sum) - 1;
            FloorSimulator.Generated g = expectedOrder.get(r.topic()).get(k);
            assertArrayEquals(g.record().payload(), r.value());
            assertEquals(g.key(), r.key());
        }
    }
}
