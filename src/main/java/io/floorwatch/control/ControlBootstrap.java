package io.floorwatch.control;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the control topic and the watchlist whole, at start, before the job graph is built (SPEC 8.1, 8.3: "at every
 * start, before any floor event is processed ... from the earliest offset to its end offsets at that moment ... in
 * offset order"). The result goes into the operators' constructors as their starting values, so the first floor
 * event of the run already sees them, whatever the timing of the two inputs. Kafka mode reads with a plain
 * {@code read_committed} consumer (no group, nothing committed); files mode reads {@code control.jsonl} and
 * {@code watchlist.jsonl} beside the other streams.
 */
public final class ControlBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(ControlBootstrap.class);

    public static final String CONTROL_FILE = "control.jsonl";
    public static final String WATCHLIST_FILE = "watchlist.jsonl";

    private ControlBootstrap() {}

    /** What the run starts with, for {@code sources.mode} kafka or files (the simulator makes its own). */
    public static ControlInputs read(FloorWatchConfig cfg) {
        return switch (cfg.get(Options.SOURCES_MODE)) {
            case "kafka" -> kafka(cfg);
            case "files" -> files(cfg);
            default ->
                throw new IllegalArgumentException("sources.mode " + cfg.get(Options.SOURCES_MODE)
                        + ": the simulator's control inputs are its own");
        };
    }

    /** Applies the records in the given order: the starting values, and the positions read up to. */
    public static ControlInputs replay(
            FloorWatchConfig cfg,
            List<ControlRecord> records,
            org.apache.flink.api.connector.source.Source<ControlRecord, ?, ?> live,
            List<ControlRecord> audited) {
        ControlLog log = new ControlLog(cfg);
        Map<String, Long> ends = new LinkedHashMap<>();
        for (ControlRecord r : records) {
            log.apply(r);
            ends.merge(r.position(), r.offset() + 1, Math::max);
        }
        return new ControlInputs(
                new LinkedHashMap<>(log.settings()), new LinkedHashMap<>(log.watchlist()), ends, live, audited);
    }

    // ------------------------------------------------------------------ Kafka

    static ControlInputs kafka(FloorWatchConfig cfg) {
        String control = cfg.get(Options.KAFKA_TOPIC_CONTROL);
        String watchlist = cfg.get(Options.KAFKA_TOPIC_WATCHLIST);
        List<ControlRecord> records = new ArrayList<>();
        Map<String, Long> ends = new LinkedHashMap<>();
        readTopics(cfg, List.of(control, watchlist), records, ends);
        // A bounded run reads its sources to their end at start: for the control topic and the watchlist that is
        // exactly
        // what was just read, audited by the job from this snapshot (a bounded Kafka source over a topic that does not
        // exist would never finish). An unbounded run follows both topics live, from the earliest offset.
        boolean bounded = cfg.get(Options.SOURCES_BOUNDED);
        ControlInputs read = replay(cfg, records, bounded ? null : liveSource(cfg), bounded ? records : List.of());
        // positions with nothing readable below their end (compacted away, aborted transactions) count too
        Map<String, Long> allEnds = new LinkedHashMap<>(ends);
        allEnds.putAll(read.ends());
        LOG.info(
                "Control topic {} and watchlist {} read to {}: {} live settings, {} watchlist entries in force",
                control,
                watchlist,
                allEnds,
                read.initialSettings().size(),
                read.initialWatchlist().size());
        return new ControlInputs(
                read.initialSettings(), read.initialWatchlist(), allEnds, read.kafka(), read.records());
    }

    /**
     * The live source of both topics (unbounded runs), from the earliest offset: the job audits every message and applies
     * those past the ends. Subscribed by pattern, so a topic created later is picked up by partition discovery.
     */
    static KafkaSource<ControlRecord> liveSource(FloorWatchConfig cfg) {
        String control = cfg.get(Options.KAFKA_TOPIC_CONTROL);
        String watchlist = cfg.get(Options.KAFKA_TOPIC_WATCHLIST);
        var builder = KafkaSource.<ControlRecord>builder()
                .setBootstrapServers(cfg.get(Options.KAFKA_BOOTSTRAP))
                // a pattern, not a list: a topic that does not exist (yet) is an empty stream, not a failed job
                .setTopicPattern(Pattern.compile(Pattern.quote(control) + "|" + Pattern.quote(watchlist)))
                .setGroupId(cfg.get(Options.KAFKA_GROUP_ID) + "-control")
                .setClientIdPrefix("floorwatch-control")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ControlRecordDeserializer(control))
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setProperty("isolation.level", "read_committed");
        return builder.build();
    }

    /** Reads the topics from their beginning to their end offsets of this moment, partition by partition in offset order. */
    static void readTopics(FloorWatchConfig cfg, List<String> topics, List<ControlRecord> out, Map<String, Long> ends) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.get(Options.KAFKA_BOOTSTRAP));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "floorwatch-control-bootstrap");
        Duration timeout = cfg.get(Options.CONTROL_BOOTSTRAP_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        String control = cfg.get(Options.KAFKA_TOPIC_CONTROL);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<String> existing = consumer.listTopics(timeout).keySet();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    LOG.info("Topic {} does not exist (yet): nothing to read at start", topic);
                    continue;
                }
                for (PartitionInfo info : consumer.partitionsFor(topic, timeout))
                    partitions.add(new TopicPartition(topic, info.partition()));
            }
            partitions.sort(Comparator.comparing(TopicPartition::topic, Comparator.comparingInt(topics::indexOf))
                    .thenComparingInt(TopicPartition::partition));
            if (partitions.isEmpty()) return;
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, List<ControlRecord>> byPartition = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                byPartition.put(tp, new ArrayList<>());
                ends.put(tp.topic() + "/" + tp.partition(), end.get(tp));
            }
            while (true) {
                boolean done = true;
                for (TopicPartition tp : partitions) {
                    if (consumer.position(tp, timeout) < end.get(tp)) done = false;
                }
                if (done) break;
                if (System.nanoTime() > deadline) {
                    throw new ConfigException(Options.CONTROL_BOOTSTRAP_TIMEOUT.key() + ": could not read " + topics
                            + " to their end within " + timeout + " (at " + positions(consumer, partitions) + " of "
                            + end + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp))
                        byPartition.get(tp).add(ControlRecordDeserializer.toRecord(r, control));
                }
            }
            byPartition.values().forEach(out::addAll);
        }
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> at = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) at.put(tp, consumer.position(tp));
        return at;
    }

    // ------------------------------------------------------------------ files

    static ControlInputs files(FloorWatchConfig cfg) {
        Path dir = Path.of(cfg.get(Options.SOURCES_FILES_DIR));
        List<ControlRecord> records = new ArrayList<>();
        records.addAll(lines(dir.resolve(CONTROL_FILE), Source.CONTROL));
        records.addAll(lines(dir.resolve(WATCHLIST_FILE), Source.WATCHLIST));
        return replay(cfg, records, null, records);
    }

    /** One record per non-blank line; the offset is the line number (0-based), the timestamp the file's modification time. */
    static List<ControlRecord> lines(Path file, Source source) {
        List<ControlRecord> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            // invalid UTF-8 is replaced, not fatal: such a line is rejected like any other bad record
            String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                if (line.isBlank()) continue;
                out.add(ControlRecord.of(source, file.getFileName().toString(), 0, i, modified, null, line));
            }
        } catch (IOException e) {
            throw new ConfigException(
                    Options.SOURCES_FILES_DIR.key() + ": cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** A watermark strategy that never holds anything back: control records carry no floor time. */
    static <T> WatermarkStrategy<T> noFloorTime() {
        return WatermarkStrategy.forGenerator(ctx -> new org.apache.flink.api.common.eventtime.WatermarkGenerator<T>() {
            @Override
            public void onEvent(
                    T event, long eventTimestamp, org.apache.flink.api.common.eventtime.WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(org.apache.flink.api.common.eventtime.WatermarkOutput output) {
                output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(Long.MAX_VALUE));
            }
        });
    }
}
