package io.floorwatch.source;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.SimulatorSource;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/** Builds the inputs that {@code sources.mode} asks for: one Kafka source per topic, the simulator, or one file per stream. */
public final class InputSources {
    private InputSources() {}

    public static List<InputSource> fromConfig(FloorWatchConfig cfg) {
        return fromConfig(cfg, Map.of());
    }

    /**
     * As {@link #fromConfig(FloorWatchConfig)}; a bounded Kafka run stops at {@code kafkaEnd} when given (see
     * {@link KafkaEndOffsets}), else at the latest offsets when each source starts.
     */
    public static List<InputSource> fromConfig(FloorWatchConfig cfg, Map<TopicPartition, Long> kafkaEnd) {
        return switch (cfg.get(Options.SOURCES_MODE)) {
            case "kafka" -> kafka(cfg, kafkaEnd);
            case "files" -> files(cfg);
            default -> List.of(InputSource.rawReadTwice("simulator", SimulatorSource.create(cfg)));
        };
    }

    public static Map<Source, String> topics(FloorWatchConfig cfg) {
        return Map.of(
                Source.SLOT,
                cfg.get(Options.KAFKA_TOPIC_SLOT),
                Source.TABLE,
                cfg.get(Options.KAFKA_TOPIC_TABLE),
                Source.SECURITY,
                cfg.get(Options.KAFKA_TOPIC_SECURITY),
                Source.CAGE,
                cfg.get(Options.KAFKA_TOPIC_CAGE));
    }

    private static List<InputSource> kafka(FloorWatchConfig cfg, Map<TopicPartition, Long> kafkaEnd) {
        List<InputSource> out = new ArrayList<>();
        Map<Source, String> topics = topics(cfg);
        EventParser parser = cfg.eventParser();
        for (Source s : Source.FLOOR) {
            KafkaSource<ParsedRecord> events = kafkaSource(
                            cfg, kafkaEnd, topics.get(s), "floorwatch-" + s.code(), new ParsingKafkaRecords(s, parser))
                    .setProperty("commit.offsets.on.checkpoint", "true")
                    .build();
            if (s != Source.SLOT) {
                out.add(InputSource.parsed(s.code(), events));
                continue;
            }
            // The JACKPOT rule's own read of the same topic. It commits no offsets: the group's offsets are the main
            // read's (where a start without state, or an operator's lag query, begins).
            KafkaSource<RawRecord> payouts = kafkaSource(
                            cfg, kafkaEnd, topics.get(s), "floorwatch-" + s.code() + "-payouts", new RawKafkaRecords(s))
                    .setProperty("commit.offsets.on.checkpoint", "false")
                    .build();
            out.add(InputSource.parsed(s.code(), events, payouts));
        }
        return out;
    }

    /** A Kafka source of {@code topic} as the job reads every topic: its group, starting offsets, and end if bounded. */
    private static <T> KafkaSourceBuilder<T> kafkaSource(
            FloorWatchConfig cfg,
            Map<TopicPartition, Long> kafkaEnd,
            String topic,
            String clientIdPrefix,
            KafkaRecordDeserializationSchema<T> records) {
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setBootstrapServers(cfg.get(Options.KAFKA_BOOTSTRAP))
                .setTopics(topic)
                .setGroupId(cfg.get(Options.KAFKA_GROUP_ID))
                .setClientIdPrefix(clientIdPrefix)
                .setStartingOffsets(startingOffsets(cfg.get(Options.KAFKA_STARTING_OFFSETS)))
                .setDeserializer(records)
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("isolation.level", "read_committed");
        if (cfg.get(Options.SOURCES_BOUNDED)) {
            Map<TopicPartition, Long> end = kafkaEnd.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            builder.setBounded(kafkaEnd.isEmpty() ? OffsetsInitializer.latest() : OffsetsInitializer.offsets(end));
        }
        return builder;
    }

    private static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    private static List<InputSource> files(FloorWatchConfig cfg) {
        java.nio.file.Path dir = java.nio.file.Path.of(cfg.get(Options.SOURCES_FILES_DIR));
        if (!Files.isDirectory(dir)) {
            throw new io.floorwatch.config.ConfigException(
                    Options.SOURCES_FILES_DIR.key() + ": " + dir + " is not a directory");
        }
        List<InputSource> out = new ArrayList<>();
        for (Source s : Source.FLOOR) {
            java.nio.file.Path file = dir.resolve(s.code() + ".jsonl");
            if (!Files.exists(file)) continue;
            var builder = FileSource.forRecordStreamFormat(
                    new JsonLinesFormat(s, file.getFileName().toString()),
                    new Path(file.toAbsolutePath().toUri()));
            if (!cfg.get(Options.SOURCES_BOUNDED)) builder.monitorContinuously(Duration.ofSeconds(10));
            FileSource<RawRecord> source = builder.build();
            out.add(s == Source.SLOT ? InputSource.rawReadTwice(s.code(), source) : InputSource.raw(s.code(), source));
        }
        if (out.isEmpty()) {
            throw new io.floorwatch.config.ConfigException(Options.SOURCES_FILES_DIR.key() + ": " + dir
                    + " holds none of slot.jsonl, table.jsonl, security.jsonl, cage.jsonl");
        }
        return out;
    }
}
