package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

/**
 * flink-conf/config.yaml is read by Flink, which ignores unknown keys silently: every key must be a
 * current (not deprecated) Flink option, every value must parse, and the production settings the
 * SPEC asks for must be there.
 */
class FlinkConfYamlTest {
    private static final List<Class<?>> OPTION_CLASSES = List.of(
            CheckpointingOptions.class,
            StateBackendOptions.class,
            StateRecoveryOptions.class,
            RestartStrategyOptions.class,
            PipelineOptions.class,
            ExecutionOptions.class,
            MetricOptions.class,
            TaskManagerOptions.class,
            JobManagerOptions.class,
            RestOptions.class,
            CoreOptions.class,
            WebOptions.class,
            BlobServerOptions.class,
            HeartbeatManagerOptions.class,
            org.apache.flink.state.rocksdb.RocksDBOptions.class,
            org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.class,
            org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions.class);
    /** Options of a reporter live under metrics.reporter.<name>.; these are the ones of Flink's Prometheus reporter. */
    private static final Set<String> PROMETHEUS_REPORTER_KEYS =
            Set.of("factory.class", "port", "filterLabelValueCharacters", "interval");

    private final Configuration conf = GlobalConfiguration.loadConfiguration(
            FlinkStandaloneCluster.projectRoot().resolve("flink-conf").toString());

    @Test
    void everyKeyIsACurrentFlinkOptionWithAValidValue() throws Exception {
        Map<String, ConfigOption<?>> current = new HashMap<>();
        Map<String, String> deprecated = new HashMap<>();
        for (Class<?> holder : OPTION_CLASSES) {
            for (Field field : holder.getFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || !ConfigOption.class.isAssignableFrom(field.getType()))
                    continue;
                ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                current.put(option.key(), option);
                for (FallbackKey fallback : option.fallbackKeys()) deprecated.put(fallback.getKey(), option.key());
            }
        }
        List<String> problems = new ArrayList<>();
        for (String key : conf.keySet()) {
            if (key.startsWith("metrics.reporter.prom.")) {
                if (!PROMETHEUS_REPORTER_KEYS.contains(key.substring("metrics.reporter.prom.".length())))
                    problems.add(key + ": not a Prometheus reporter option");
            } else if (current.containsKey(key)) {
                try {
                    conf.get(current.get(key));
                } catch (RuntimeException e) {
                    problems.add(key + ": bad value: " + e.getMessage());
                }
            } else if (deprecated.containsKey(key)) {
                problems.add(key + ": deprecated, use " + deprecated.get(key));
            } else {
                problems.add(key + ": unknown to Flink 2.2 (ignored silently)");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void productionSettings() {
        assertEquals("rocksdb", conf.get(StateBackendOptions.STATE_BACKEND));
        assertTrue(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
        assertEquals(CheckpointingMode.EXACTLY_ONCE, conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertEquals(Duration.ofSeconds(10), conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals("exponential-delay", conf.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(false, conf.get(PipelineOptions.AUTO_GENERATE_UIDS));
        assertEquals(false, conf.get(PipelineOptions.GENERIC_TYPES));
        assertTrue(conf.getString("metrics.reporter.prom.factory.class", "").endsWith("PrometheusReporterFactory"));
        assertTrue(conf.get(CoreOptions.FLINK_JVM_OPTIONS).contains("--add-opens=java.base/java.util=ALL-UNNAMED"));
    }

    @Test
    void checkpointAndSavepointDirectoriesAreUris() {
        for (String dir : List.of(
                conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
                conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))) {
            assertTrue(Path.of(java.net.URI.create(dir)).isAbsolute(), dir);
        }
    }
}
