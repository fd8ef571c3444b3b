package io.floorwatch.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end in its --quick mode (tiny sizes, one run), with the real servers it starts itself (a Kafka
 * broker and ClickHouse as processes through jobs/lib, a webhook receiver), so that it cannot rot. No timing
 * assertions: only that every part produced its numbers and both report files were written.
 */
class BenchSmokeTest {
    @TempDir
    Path out;

    @Test
    void quickModeWritesACompleteReport() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        BenchMain.Settings settings = BenchMain.Settings.parse(new String[] {"--quick", "--out", out.toString()});
        FloorWatchConfig base = BenchMain.baseConfig(settings, root);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Report report =
                new BenchMain(settings, base, root, new PrintStream(console, true, StandardCharsets.UTF_8)).run();

        assertTrue(Files.exists(report.markdownFile), "markdown report written");
        assertFalse(Files.exists(out.resolve("work")), "the servers' files of a passed run are deleted");
        JsonNode json = new ObjectMapper().readTree(report.jsonFile.toFile());
        JsonNode medians = json.path("medians");
        for (String key : new String[] {
            "parse_only_events_per_second",
            "full_rocksdb_events_per_second",
            "full_hashmap_events_per_second",
            "clickhouse_sink_rows_per_second",
            "clickhouse_plain_client_rows_per_second"
        }) {
            assertTrue(medians.path(key).asDouble() > 0, key + " measured: " + medians);
        }
        assertTrue(medians.path("full_over_parse_only").asDouble() > 0);
        assertTrue(medians.path("clickhouse_sink_over_plain").asDouble() > 0);
        // CPU per event by process (/proc), for both jobs: present for every process; the full job's JVM and the
        // machine busy (a quick run's parse-only phase may be shorter than a tick of another process's CPU time)
        JsonNode cpu = medians.path("cpu_microseconds_per_event");
        for (String process : new String[] {"job_jvm", "kafka_broker", "clickhouse", "rest_of_machine", "machine"}) {
            for (String job : new String[] {"parse_only", "full_rocksdb"}) {
                assertTrue(cpu.path(process).path(job).asDouble(-1) >= 0, process + " " + job + " CPU: " + cpu);
            }
        }
        assertTrue(cpu.path("job_jvm").path("full_rocksdb").asDouble() > 0, "the full job's CPU measured: " + cpu);
        assertTrue(cpu.path("machine").path("full_rocksdb").asDouble() > 0, "the machine's CPU measured: " + cpu);
        JsonNode threads =
                json.path("throughput_runs").path(0).path("full_rocksdb").path("job_jvm_cpu_seconds_by_thread");
        assertTrue(threads.size() > 0, "the job's JVM measured by thread: " + threads);

        JsonNode latency = json.path("latency").path(0);
        for (String rule : new String[] {"jackpot", "jackpot_plain_kafka_read", "machine_critical"}) {
            assertTrue(latency.path(rule).path("matched").asInt() > 0, rule + " alerts arrived: " + latency);
            // percentiles of measured latencies (-1 only when nothing matched): present, ordered, not negative
            JsonNode r = latency.path(rule);
            for (String p : new String[] {"p50_ms", "p95_ms", "p99_ms", "max_ms"}) {
                assertTrue(r.path(p).isIntegralNumber(), rule + " " + p + " in the report: " + r);
            }
            assertTrue(
                    0 <= r.path("p50_ms").asLong()
                            && r.path("p50_ms").asLong() <= r.path("p95_ms").asLong()
                            && r.path("p95_ms").asLong() <= r.path("p99_ms").asLong()
                            && r.path("p99_ms").asLong() <= r.path("max_ms").asLong(),
                    rule + " 0 <= p50 <= p95 <= p99 <= max: " + r);
        }

        JsonNode state = json.path("state");
        assertTrue(state.path("events_through").asLong() > 0, "the day went through: " + state);
        assertTrue(state.path("checkpoint_bytes").asLong() > 0, "a checkpoint was measured: " + state);
        assertTrue(state.path("heap_used_after_gc_bytes").asLong() > 0);
        assertTrue(state.path("rss_bytes").asLong() > 0);
        // each operator's share, by uid: the per-entity operator (dedup's ids) and the player operator hold state
        JsonNode byOperator = state.path("checkpoint_bytes_by_operator");
        assertTrue(byOperator.path("rule-machine-offline").asLong() > 0, "per-entity state measured: " + byOperator);
        assertTrue(byOperator.path("player-activity").asLong() > 0, "player state measured: " + byOperator);

        // the official ClickHouse connector: measured (benchmark built with its Maven profile) or one line saying why
        // not
        JsonNode official = json.path("clickhouse_official_connector");
        assertTrue(
                official.path("measured").isBoolean()
                        && !official.path("description").asText().isEmpty(),
                "official connector measured or why not: " + official);

        assertTrue(json.path("machine").path("cores").asInt() > 0, "machine described");
        String md = Files.readString(report.markdownFile);
        for (String row : new String[] {
            "Parse-only baseline",
            "Full job / parse-only",
            "heap state",
            "Sink / plain client",
            "JACKPOT alert latency",
            "Baseline: the same JACKPOTs' append to a plain Kafka consumer's read",
            "MACHINE_CRITICAL alert latency",
            "of a simulated day",
            "CPU per event over the busy phase"
        }) {
            assertTrue(md.contains(row), "report has the row '" + row + "'");
        }
        assertTrue(
                console.toString(StandardCharsets.UTF_8).contains("| what | result | target | met |"), "table printed");
    }
}
