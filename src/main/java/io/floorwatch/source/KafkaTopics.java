package io.floorwatch.source;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Option;
import io.floorwatch.config.Options;
import io.floorwatch.event.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The floor topics must exist before the job starts. A missing one is a configuration error (usually a misspelt
 * {@code kafka.topics.*}), reported at start in one message naming the key and the topic, rather than the Kafka
 * source's metadata failure inside Flink. A floor without, say, table games creates that topic empty.
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static void requireFloorTopics(FloorWatchConfig cfg) {
        Map<Source, String> topics = InputSources.topics(cfg);
        Set<String> existing;
        try (Admin admin = admin(cfg)) {
            existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ConfigException("kafka.bootstrap-servers: cannot list the topics of "
                    + cfg.get(Options.KAFKA_BOOTSTRAP) + ": " + (e.getCause() != null ? e.getCause() : e));
        }
        List<String> missing = new ArrayList<>();
        topics.forEach((source, topic) -> {
            if (!existing.contains(topic))
                missing.add("kafka.topics." + source.code() + ": topic '" + topic + "' does not exist");
        });
        if (!missing.isEmpty()) {
            throw new ConfigException(String.join("; ", missing) + " on " + cfg.get(Options.KAFKA_BOOTSTRAP)
                    + " (create it, empty if the floor has no such stream)");
        }
    }

    /**
     * Creates an output topic the job writes to (the offers topic) when it does not exist, with the broker's default
     * partitions and replication: a broker without automatic topic creation would otherwise fail every write.
     */
    public static void ensureOutputTopic(FloorWatchConfig cfg, Option<String> key) {
        String topic = cfg.get(key);
        try (Admin admin = admin(cfg)) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) return;
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) return; // created meanwhile
            throw new ConfigException(key.key() + ": cannot create topic '" + topic + "': " + e.getCause());
        } catch (Exception e) {
            throw new ConfigException(key.key() + ": cannot check or create topic '" + topic + "': " + e);
        }
    }

    /** An admin client of {@code kafka.bootstrap-servers} for the checks at start (also {@link KafkaEndOffsets}'). */
    static Admin admin(FloorWatchConfig cfg) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cfg.get(Options.KAFKA_BOOTSTRAP),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "floorwatch-start",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "30000"));
    }
}
