package io.floorwatch.topology;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.config.PrivateDirectories;
import io.floorwatch.control.ControlBootstrap;
import io.floorwatch.control.ControlInputs;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.simulator.ControlScenario;
import io.floorwatch.source.InputSources;
import io.floorwatch.source.KafkaEndOffsets;
import io.floorwatch.source.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the real inputs and outputs for a configuration and runs the topology: on the cluster it was
 * submitted to (whose {@code config.yaml} rules state backend and checkpointing), or in a local MiniCluster
 * configured from FloorWatch's own keys.
 */
public final class FloorWatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(FloorWatchJob.class);

    /** The job's maximum parallelism: how far an operator can be rescaled from a savepoint. */
    public static final int MAX_PARALLELISM = 128;

    private static final String ROCKSDB_TIMERS = "state.backend.rocksdb.timer-service.factory";
    private static final String ROCKSDB_KEYS_METRIC = "state.backend.rocksdb.metrics.estimate-num-keys";
    private static final String ROCKSDB_BLOOM_FILTER = "state.backend.rocksdb.use-bloom-filter";
    private static final String ROCKSDB_LOCAL_DIR = "state.backend.rocksdb.localdir";

    private FloorWatchJob() {}

    /**
     * Runs the job. A bounded Kafka run reads up to the end offsets of its start and commits them for
     * {@code kafka.group-id} once it has finished (SPEC §3): the Kafka source drops a split at its end, so a run shorter
     * than a checkpoint interval would otherwise commit nothing.
     */
    public static JobExecutionResult run(FloorWatchConfig cfg) throws Exception {
        boolean kafka = cfg.get(Options.SOURCES_MODE).equals("kafka");
        if (kafka) KafkaTopics.requireFloorTopics(cfg);
        if (SinkSettings.offersToKafka(cfg)) KafkaTopics.ensureOutputTopic(cfg, Options.KAFKA_TOPIC_OFFERS);
        Map<TopicPartition, Long> kafkaEnd =
                kafka && cfg.get(Options.SOURCES_BOUNDED) ? KafkaEndOffsets.capture(cfg) : Map.of();
        StreamExecutionEnvironment env = environment(cfg);
        Map<String, MachineLocation> locations = FloorLayouts.locations(cfg);
        Outputs outputs = ConfiguredOutputs.create(cfg);
        SinkSettings.createSchemaIfConfigured(cfg);
        // the control topic and the watchlist, read whole before the graph exists: in force from the first floor event
        ControlInputs control = cfg.get(Options.SOURCES_MODE).equals("simulator")
                ? ControlScenario.inputs(cfg)
                : ControlBootstrap.read(cfg);
        FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg, kafkaEnd), locations, outputs, control);
        LOG.info("Starting FloorWatch with {}", cfg.describe());
        JobExecutionResult result = env.execute("FloorWatch");
        KafkaEndOffsets.commit(cfg, kafkaEnd);
        return result;
    }

    /** The environment for this configuration: the submitting cluster's, or a local one. */
    public static StreamExecutionEnvironment environment(FloorWatchConfig cfg) {
        Configuration job = new Configuration();
        // Savepoint compatibility and no Kryo: a missing uid or a generic type fails the job at build time.
        job.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        job.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators share each record instead of getting a reflective deep copy: the dedup chain fans every
        // event out to ~16 chained consumers, and those copies were a third of its CPU (docs/performance.md). Safe
        // because no function mutates a record it has passed on (FloorSections sets the section on its own input only).
        job.set(PipelineOptions.OBJECT_REUSE, true);
        // Each network edge flushes its buffers this often. The edges a single-event alert crosses (source, floor
        // clock, JACKPOT, alert dedup) flush every 10 ms (JackpotRule.ALERT_PATH_FLUSH_MS): at 100 ms per hop they
        // would eat the latency budget; flushing every edge every 10 ms cost an eighth of the job's CPU.
        job.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(100));
        // Explicit, so a savepoint taken at any parallelism restores at any other up to it. 128 is Flink's own default
        // for the parallelisms this job runs at, so 1.x savepoints keep their key groups.
        job.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        // Unaligned checkpoints: a barrier overtakes the events queued ahead of it, so alert dedup and the sinks
        // after it never hold a jackpot's channel while they wait for the barriers of the per-entity and player
        // tasks, which come late (each task's synchronous snapshot, then its backlog). Savepoints stay aligned.
        job.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        rocksDbOptions(job);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            Configuration local = localConfiguration(cfg);
            local.addAll(job);
            env = StreamExecutionEnvironment.createLocalEnvironment(local);
            env.setParallelism(cfg.get(Options.JOB_PARALLELISM));
        } else {
            env.configure(job);
            if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
                env.enableCheckpointing(
                        cfg.get(Options.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
            }
        }
        return env;
    }

    /** RocksDB's options of every run, local or submitted (a cluster's config.yaml sets the same). */
    private static void rocksDbOptions(Configuration c) {
        // Timers on the heap (snapshotted with each checkpoint): every window registers its timer on every element, and
        // with RocksDB's timer set that was a sorted-set insert and a key serialization per event
        // (docs/performance.md).
        c.setString(ROCKSDB_TIMERS, "HEAP");
        // keys per operator and state (RocksDB's estimate), so that state growing without bound shows in the metrics
        c.setString(ROCKSDB_KEYS_METRIC, "true");
        // A Bloom filter per RocksDB file: dedup looks up every event_id, nearly all of them new, and without a filter
        // each miss read the index and data blocks of every file that might hold it (most of the entity chain's time
        // in RocksDB reads, in the profile).
        c.setString(ROCKSDB_BLOOM_FILTER, "true");
    }

    /** State backend, checkpointing and restarts of a local run, from FloorWatch's keys. */
    public static Configuration localConfiguration(FloorWatchConfig cfg) {
        Configuration c = new Configuration();
        String dir = cfg.get(Options.CHECKPOINT_DIR);
        if (dir.isBlank())
            dir = PrivateDirectories.defaultCheckpoints().toUri().toString(); // rwx------, player ids inside
        c.set(StateBackendOptions.STATE_BACKEND, cfg.get(Options.STATE_BACKEND));
        rocksDbOptions(c);
        String rocksDbDir = cfg.get(Options.STATE_ROCKSDB_DIR);
        if (!rocksDbDir.isBlank()) {
            // Every checkpoint flushes each keyed operator's RocksDB in the task thread: on a memory file system
            // without the disk's syncs (a third of the time in the latency benchmark)
            Path working = PrivateDirectories.ofUserIn(Path.of(rocksDbDir), Options.STATE_ROCKSDB_DIR.key());
            c.setString(ROCKSDB_LOCAL_DIR, working.toString());
        }
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cfg.get(Options.CHECKPOINT_INTERVAL));
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        // as flink-conf/config.yaml: a few failed checkpoints (storage or a sink briefly down) don't restart the job
        c.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        c.set(CoreOptions.TMP_DIRS, PrivateDirectories.defaultTmp().toString());
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, cfg.get(Options.STATE_ROCKSDB_MEMORY));
        return c;
    }
}
