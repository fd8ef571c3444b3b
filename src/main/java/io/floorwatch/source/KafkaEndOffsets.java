package io.floorwatch.source;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Where a bounded Kafka run stops, and its commit at the end. The end offsets are taken once, before the job
 * starts, and are both the sources' stopping offsets and the offsets committed for the consumer group when the
 * run has finished: the Kafka source drops a split when it reaches its end, so the offsets of a fast bounded run
 * would otherwise not be committed (SPEC §3: offsets are committed at the end of a bounded run).
 */
public final class KafkaEndOffsets {
    private KafkaEndOffsets() {}

    /** The current end offset of every partition of the configured topics (topics that don't exist have none). */
    public static Map<TopicPartition, Long> capture(FloorWatchConfig cfg) {
        try (Admin admin = KafkaTopics.admin(cfg)) {
            Collection<String> topics = InputSources.topics(cfg).values();
            Map<String, TopicDescription> described = new HashMap<>();
            for (String topic : topics) {
                try {
                    described.put(
                            topic,
                            admin.describeTopics(java.util.List.of(topic))
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(topic));
                } catch (ExecutionException missing) {
                    // no such topic: nothing to read from it
                }
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicDescription d : described.values()) {
                for (TopicPartitionInfo p : d.partitions())
                    request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
            if (request.isEmpty()) return Map.of();
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "kafka.bootstrap-servers: cannot read the end offsets of the topics: " + e.getMessage(), e);
        }
    }

    /** Commits the offsets for {@code kafka.group-id}: everything before them has been processed. */
    public static void commit(FloorWatchConfig cfg, Map<TopicPartition, Long> offsets) throws Exception {
        if (offsets.isEmpty()) return;
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
        try (Admin admin = KafkaTopics.admin(cfg)) {
            admin.alterConsumerGroupOffsets(cfg.get(Options.KAFKA_GROUP_ID), commit)
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
