package io.floorwatch.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.FlinkStandaloneCluster;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.SinkSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's prometheus) scrapes the job running on a real standalone Flink cluster (Flink's
 * Prometheus reporter on the JobManager and the TaskManager, as flink-conf/config.yaml sets it up) with the shipped
 * job-health rules loaded: the targets are up, FloorWatch's own operator metrics arrive with their values, every
 * metric a rule reads is exported by the running job (ClickHouse and webhook sinks on), every rule evaluates with
 * health ok, and the event-time lag alerts go pending on the job's real lag (its events are an hour old).
 * An IT: it submits the packaged jar.
 */
@Tag("cluster")
class PrometheusScrapeIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Pattern REPORTER_PORT =
            Pattern.compile("Started PrometheusReporter HTTP server on port (\\d+)");

    @Test
    void prometheusScrapesTheRunningJobAndEvaluatesTheRules(@TempDir Path dir) throws Exception {
        Path prometheus = DebianTool.prometheus();
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        String db = "eco_prometheus_" + UUID.randomUUID().toString().substring(0, 8);

        Path input = Files.createDirectories(dir.resolve("input"));
        Instant t = Instant.now().minus(Duration.ofHours(1));
        Files.write(
                input.resolve("slot.jsonl"),
                List.of(
                        slot("p1", "GAME_PLAYED", t, ",\"wager_amount\":2.50,\"payout_amount\":0"),
                        slot("p2", "GAME_PLAYED", t.plusSeconds(1), ",\"wager_amount\":5,\"payout_amount\":1.25"),
                        slot("p3", "JACKPOT", t.plusSeconds(2), ",\"payout_amount\":12500.00"),
                        "this is not json"));

        // two free ports for the reporters: the JobManager starts first and takes the first
        int[] reporterPorts = freePorts(2);
        try (WebhookReceiver webhook = WebhookReceiver.start();
                FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(
                        dir.resolve("cluster"),
                        Map.of("metrics.reporter.prom.port", reporterPorts[0] + "," + reporterPorts[1]))) {
            Map<String, String> cfg = new LinkedHashMap<>();
            cfg.put("sources.mode", "files");
            cfg.put("sources.files.dir", input.toString());
            cfg.put("clickhouse.url", clickhouse.httpUrl());
            cfg.put("clickhouse.user", clickhouse.user());
            cfg.put("clickhouse.database", db);
            cfg.put("clickhouse.create-schema", "true");
            cfg.put("webhook.url", webhook.url("/floor"));
            SinkSettings.createSchemaIfConfigured(FloorWatchConfig.of(cfg));
            List<String> args = new ArrayList<>();
            cfg.forEach((k, v) -> {
                args.add("--" + k);
                args.add(v);
            });
            String jobId = cluster.runJar(cluster.uploadJar(jobJar()), "io.floorwatch.FloorWatchMain", args, null, 1);
            cluster.waitForAllTasksRunning(jobId, Duration.ofMinutes(3));

            int jobManagerPort = reporterPort(cluster.logDir().resolve("jobmanager.log"));
            int taskManagerPort = reporterPort(cluster.logDir().resolve("taskmanager-1.log"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  evaluation_interval: 1s",
                            "rule_files:",
                            "  - " + PrometheusRulesTest.RULES,
                            "scrape_configs:",
                            "  - job_name: flink",
                            "    static_configs:",
                            "      - targets: ['127.0.0.1:" + jobManagerPort + "']",
                            "        labels: {flink_process: jobmanager}",
                            "      - targets: ['127.0.0.1:" + taskManagerPort + "']",
                            "        labels: {flink_process: taskmanager}",
                            ""));
            try (ToolServer prom = ToolServer.start(
                    "prometheus",
                    dir,
                    port -> List.of(
                            prometheus.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("tsdb"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn"))) {
                // both reporters scraped
                JsonNode targets = await(
                        "both targets up",
                        () -> prom.get("/api/v1/targets?state=active")
                                .path("data")
                                .path("activeTargets"),
                        ts -> ts.size() == 2
                                && ts.findValues("health").stream()
                                        .allMatch(h -> h.asText().equals("up")),
                        prom);
                assertEquals(
                        Set.of("127.0.0.1:" + jobManagerPort, "127.0.0.1:" + taskManagerPort),
                        new TreeSet<>(targets.findValuesAsText("scrapeUrl").stream()
                                .map(u -> u.replaceAll("^http://|/metrics$", ""))
                                .toList()));

                // FloorWatch's own operator metrics, with the values of this input: 3 valid events, 1 rejected
                assertEquals(3.0, await("valid events", () -> sum(prom, "eventsValid"), v -> v >= 3, prom));
                assertEquals(1.0, await("rejected events", () -> sum(prom, "eventsRejected"), v -> v >= 1, prom));

                // every series a rule reads is exported by the running job (a typo would silence an alert for ever)
                Set<String> metrics = PrometheusRulesTest.metricNames(PrometheusRulesTest.RULES);
                Map<String, Integer> series = await(
                        "every metric the rules read",
                        () -> seriesPerMetric(prom, metrics),
                        m -> m.values().stream().allMatch(n -> n > 0),
                        prom);
                assertEquals(metrics, series.keySet());

                // the rules are loaded and evaluated on these metrics
                List<String> alerts = PrometheusRulesTest.alertNames(PrometheusRulesTest.RULES);
                JsonNode rules = await(
                        "rules evaluated",
                        () -> prom.get("/api/v1/rules").path("data").path("groups"),
                        groups -> allEvaluated(groups, alerts.size()),
                        prom);
                assertEquals(1, rules.size(), rules.toString());
                assertEquals("floorwatch-job-health", rules.get(0).path("name").asText());
                List<String> loaded = new ArrayList<>();
                for (JsonNode rule : rules.get(0).path("rules")) {
                    loaded.add(rule.path("name").asText());
                    assertEquals("ok", rule.path("health").asText(), rule.toString());
                    assertEquals("", rule.path("lastError").asText(""), rule.toString());
                }
                assertEquals(alerts, loaded);

                // the job's floor time is an hour behind: both lag alerts are pending (their "for" is 5 minutes), on
                // the job's own labels
                Set<String> lagAlerts = Set.of("FloorWatchEventTimeLagHigh", "FloorWatchEventTimeLagCritical");
                JsonNode active = await(
                        "lag alerts pending",
                        () -> prom.get("/api/v1/alerts").path("data").path("alerts"),
                        a -> a.findValuesAsText("alertname").containsAll(lagAlerts),
                        prom);
                Map<String, String> states = new TreeMap<>();
                for (JsonNode a : active) {
                    String name = a.path("labels").path("alertname").asText();
                    if (!lagAlerts.contains(name)) continue;
                    states.put(name, a.path("state").asText());
                    assertEquals("FloorWatch", a.path("labels").path("job_name").asText(), a.toString());
                    assertEquals("floorwatch", a.path("labels").path("service").asText(), a.toString());
                    double lag = Double.parseDouble(a.path("value").asText());
                    assertTrue(lag > 3_000_000 && lag < 4_000_000, "lag of events an hour old, in ms: " + a);
                }
                assertEquals(
                        Map.of("FloorWatchEventTimeLagCritical", "pending", "FloorWatchEventTimeLagHigh", "pending"),
                        states);
            } finally {
                cluster.cancel(jobId);
            }
            cluster.waitForJobStatus(jobId, "CANCELED", Duration.ofMinutes(2));
        }
    }

    /** Series per metric name, as Prometheus has them now. */
    private static Map<String, Integer> seriesPerMetric(ToolServer prom, Set<String> names) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (String name : names) out.put(name, 0);
        JsonNode result = prom.get("/api/v1/query?query="
                        + ToolServer.encode("count by (__name__) ({__name__=~\"" + String.join("|", names) + "\"})"))
                .path("data")
                .path("result");
        for (JsonNode r : result) {
            out.put(
                    r.path("metric").path("__name__").asText(),
                    Integer.parseInt(r.path("value").get(1).asText()));
        }
        return out;
    }

    private static double sum(ToolServer prom, String operatorMetric) throws Exception {
        JsonNode result = prom.get("/api/v1/query?query="
                        + ToolServer.encode("sum(flink_taskmanager_job_task_operator_" + operatorMetric
                                + "{job_name=\"FloorWatch\"})"))
                .path("data")
                .path("result");
        return result.isEmpty()
                ? 0
                : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Every rule of the one group has been evaluated at least once. */
    private static boolean allEvaluated(JsonNode groups, int rules) {
        if (groups.size() != 1 || groups.get(0).path("rules").size() != rules) return false;
        for (JsonNode rule : groups.get(0).path("rules")) {
            String last = rule.path("lastEvaluation").asText("");
            if (last.isEmpty() || last.startsWith("0001-")) return false;
        }
        return true;
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe, java.util.function.Predicate<T> done, ToolServer server)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) return last;
            Thread.sleep(500);
        }
        throw new AssertionError(what + ": not within " + WAIT + "; last " + last + "\n" + server.log());
    }

    /** The port Flink's Prometheus reporter of one process bound, from its log. */
    private static int reporterPort(Path log) throws IOException {
        Matcher m = REPORTER_PORT.matcher(Files.readString(log));
        assertTrue(m.find(), "no Prometheus reporter started in " + log);
        return Integer.parseInt(m.group(1));
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) s.close();
        }
        assertNotEquals(ports[0], ports[1]);
        return ports;
    }

    private static String slot(String id, String type, Instant ts, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + ts
                + "\",\"machine_id\":\"SM-0001\"" + more + "}";
    }

    private static Path jobJar() throws IOException {
        Path target = FlinkStandaloneCluster.projectRoot().resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("floorwatch-.*\\.jar")
                            && !p.getFileName().toString().contains("original"))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no packaged jar in target/: run mvn package (this is an IT)"));
        }
    }
}
