package io.floorwatch.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.floorwatch.testing.FlinkStandaloneCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job-health alerting rules (docker/prometheus/floorwatch-alerts.yml) checked by Debian's promtool: the rules
 * and the docker stack's prometheus.yml are valid, and the unit tests in floorwatch-alerts.test.yml pass, covering
 * every alert both firing and quiet. Broken copies must fail, so these checks can fail. Whether the metric names are
 * the ones a running job exports is PrometheusScrapeIT's question (a real Prometheus on a real cluster).
 */
class PrometheusRulesTest {
    static final Path DIR = FlinkStandaloneCluster.projectRoot().resolve("docker/prometheus");
    static final Path RULES = DIR.resolve("floorwatch-alerts.yml");
    private static final Path TESTS = DIR.resolve("floorwatch-alerts.test.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern OPERATOR_METRIC = Pattern.compile("flink_taskmanager_job_task_operator_([A-Za-z]+)");

    record Result(int exit, String output) {}

    static Result promtool(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DebianTool.promtool().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("promtool " + List.of(args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    /** The alert names of a rules file, in order. */
    static List<String> alertNames(Path rules) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode group : YAML.readTree(rules.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules"))
                names.add(rule.path("alert").asText());
        }
        return names;
    }

    /** Every flink_* metric name the rules' expressions read. */
    static Set<String> metricNames(Path rules) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\bflink_[A-Za-z_]+").matcher(exprs(rules));
        while (m.find()) names.add(m.group());
        return names;
    }

    private static String exprs(Path rules) throws IOException {
        StringBuilder all = new StringBuilder();
        for (JsonNode group : YAML.readTree(rules.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules"))
                all.append(rule.path("expr").asText()).append('\n');
        }
        return all.toString();
    }

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        Result r = promtool(DIR, "check", "rules", RULES.toString());
        assertEquals(0, r.exit(), r.output());
        int alerts = alertNames(RULES).size();
        assertTrue(alerts >= 8, "alerts: " + alerts);
        assertTrue(r.output().contains("SUCCESS: " + alerts + " rules found"), r.output());
    }

    @Test
    void dockerPrometheusConfigPassesPromtoolCheckWithItsRules() throws Exception {
        Result r =
                promtool(DIR, "check", "config", DIR.resolve("prometheus.yml").toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS: 1 rule files found"), r.output());
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        Result r = promtool(DIR, "test", "rules", TESTS.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    /** Each alert has a scripted case where it fires and one where it does not. */
    @Test
    void everyAlertIsTestedFiringAndQuiet() throws Exception {
        Set<String> firing = new LinkedHashSet<>();
        Set<String> quiet = new LinkedHashSet<>();
        JsonNode tests = YAML.readTree(TESTS.toFile());
        assertEquals(List.of(RULES.getFileName().toString()), YAML.convertValue(tests.path("rule_files"), List.class));
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String name = check.path("alertname").asText();
                if (check.path("exp_alerts").isEmpty()) quiet.add(name);
                else firing.add(name);
            }
        }
        Set<String> alerts = new LinkedHashSet<>(alertNames(RULES));
        assertEquals(alerts, firing, "alerts proven to fire");
        assertEquals(alerts, quiet, "alerts proven to stay quiet");
    }

    /** The operator metrics the rules read are registered by the job under these names (counter("x"), gauge("x")). */
    @Test
    void operatorMetricsTheRulesReadAreRegisteredByTheJob() throws Exception {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files =
                Files.walk(FlinkStandaloneCluster.projectRoot().resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                sources.append(Files.readString(f));
        }
        Matcher m = OPERATOR_METRIC.matcher(exprs(RULES));
        List<String> unknown = new ArrayList<>();
        int seen = 0;
        while (m.find()) {
            seen++;
            String name = m.group(1);
            if (!Pattern.compile("\\.(counter|gauge|histogram)\\(\\s*\"" + name + "\"")
                    .matcher(sources)
                    .find()) unknown.add(name);
        }
        assertTrue(seen >= 6, "operator metrics read: " + seen);
        assertEquals(List.of(), unknown, "operator metrics no job code registers");
    }

    @Test
    void brokenCopiesFail(@TempDir Path dir) throws Exception {
        String rules = Files.readString(RULES);
        Files.copy(TESTS, dir.resolve(TESTS.getFileName()));

        // an expression that does not parse
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, rules.replace("> 120000", "> > 120000"));
        assertNotEquals(0, promtool(dir, "check", "rules", bad.toString()).exit());

        // a threshold the unit tests disagree with: the lag alert would fire at 3 minutes no more
        Files.writeString(dir.resolve(RULES.getFileName()), rules.replace("> 120000", "> 200000"));
        Result lag = promtool(dir, "test", "rules", TESTS.getFileName().toString());
        assertNotEquals(0, lag.exit(), lag.output());
        assertTrue(lag.output().contains("FloorWatchEventTimeLagHigh"), lag.output());

        // a webhook failure that no longer pages
        Files.writeString(
                dir.resolve(RULES.getFileName()), rules.replace("alertsFailed[10m])) > 0", "alertsFailed[10m])) > 1"));
        Result failed = promtool(dir, "test", "rules", TESTS.getFileName().toString());
        assertNotEquals(0, failed.exit(), failed.output());
        assertTrue(failed.output().contains("FloorWatchWebhookDeliveriesFailed"), failed.output());
    }
}
