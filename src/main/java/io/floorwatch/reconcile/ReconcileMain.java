package io.floorwatch.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.Source;
import io.floorwatch.sink.clickhouse.ClickHouseHttp;
import io.floorwatch.sink.clickhouse.Tables;
import io.floorwatch.source.InputSources;
import io.floorwatch.topology.SinkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code jobs/floorwatch reconcile [--config FILE] [--key value ...]}: no data loss, checked. Per topic and partition,
 * the offsets the job's consumer group has committed (what it consumed, up to its last checkpoint) against what
 * ClickHouse holds: distinct offsets in the stream's raw table plus those in {@code rejected_events}. A consumed offset
 * that is in neither is read back from Kafka: a redelivery of an event already stored is a duplicate (dropped by
 * design), a record that is no event at all (a transaction marker) is skipped, anything else is LOST.
 *
 * <p>Prints a table and a verdict; exits 0 on OK, 1 on LOSS, 2 when it cannot check. Offsets older than the
 * raw tables' TTL (90 days; rejected_events 30 days) or than Kafka's retention cannot be judged.
 */
public final class ReconcileMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Raw table of each stream (the events it keeps carry their Kafka coordinates). */
    static final Map<Source, String> RAW_TABLES = Map.of(
            Source.SLOT,
            Tables.SLOT_EVENTS,
            Source.TABLE,
            Tables.TABLE_EVENTS,
            Source.SECURITY,
            Tables.SECURITY_EVENTS,
            Source.CAGE,
            Tables.CAGE_TRANSACTIONS);

    private ReconcileMain() {}

    public static void main(String[] args) {
        int code;
        try {
            Reconciliation r = reconcile(FloorWatchConfig.fromArgs(args, System.getenv()));
            System.out.println(r.render());
            code = r.ok() ? 0 : 1;
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("reconcile: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("reconcile: cannot check: " + e);
            code = 2;
        }
        System.exit(code);
    }

    /** Compares Kafka and ClickHouse for the configured topics, consumer group and database. */
    public static Reconciliation reconcile(FloorWatchConfig cfg) throws Exception {
        String bootstrap = cfg.get(Options.KAFKA_BOOTSTRAP);
        if (bootstrap.isBlank()) throw new IllegalArgumentException("kafka.bootstrap-servers is not set");
        if (cfg.get(Options.CLICKHOUSE_URL).isBlank()) throw new IllegalArgumentException("clickhouse.url is not set");
        ClickHouseHttp clickhouse = new ClickHouseHttp(SinkSettings.clickHouse(cfg));
        String group = cfg.get(Options.KAFKA_GROUP_ID);
        Map<Source, String> topics = InputSources.topics(cfg);
        List<Reconciliation.PartitionReport> reports = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            for (Source source : Source.FLOOR) {
                String topic = topics.get(source);
                Map<String, TopicDescription> described;
                try {
                    described =
                            admin.describeTopics(List.of(topic)).allTopicNames().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        continue; // a stream not in use
                    throw e;
                }
                List<TopicPartition> partitions = new ArrayList<>();
                for (TopicPartitionInfo p : described.get(topic).partitions())
                    partitions.add(new TopicPartition(topic, p.partition()));
                Map<TopicPartition, Long> start = offsets(admin, partitions, OffsetSpec.earliest());
                Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata c = committed.get(tp);
                    reports.add(partition(
                            cfg,
                            clickhouse,
                            bootstrap,
                            source,
                            tp,
                            start.get(tp),
                            end.get(tp),
                            c == null ? null : c.offset()));
                }
            }
        }
        return new Reconciliation(reports);
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) request.put(tp, spec);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(request).all().get().entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private static Reconciliation.PartitionReport partition(
            FloorWatchConfig cfg,
            ClickHouseHttp ch,
            String bootstrap,
            Source source,
            TopicPartition tp,
            long logStart,
            long logEnd,
            Long committed)
            throws Exception {
        String raw = ch.settings().qualified(RAW_TABLES.get(source));
        String rejectedTable = ch.settings().qualified(Tables.REJECTED_EVENTS);
        long upTo = committed == null ? logStart : committed;
        String where = " WHERE topic = " + literal(tp.topic()) + " AND `partition` = " + tp.partition()
                + " AND `offset` >= " + logStart + " AND `offset` < " + upTo;
        long stored = count(ch, "SELECT uniqExact(`offset`) FROM " + raw + where);
        long rejected = count(ch, "SELECT uniqExact(`offset`) FROM " + rejectedTable + where);
        long consumed = Math.max(0, upTo - logStart);
        long duplicates = 0, noRecord = 0;
        List<long[]> lost = new ArrayList<>();
        if (stored + rejected < consumed) {
            // some consumed offsets are in neither table: find them, then read those records back from Kafka
            Set<Long> accounted = new HashSet<>();
            for (String line : ch.query("SELECT DISTINCT `offset` FROM " + raw + where
                            + " UNION DISTINCT SELECT DISTINCT `offset` FROM " + rejectedTable + where + " FORMAT TSV")
                    .split("\n")) {
                if (!line.isBlank()) accounted.add(Long.parseLong(line.strip()));
            }
            List<Long> missing = new ArrayList<>();
            for (long o = logStart; o < upTo; o++) if (!accounted.contains(o)) missing.add(o);
            Map<Long, String> eventIds = readEventIds(bootstrap, tp, missing);
            Set<String> storedIds = storedEventIds(ch, raw, new HashSet<>(eventIds.values()));
            List<Long> lostOffsets = new ArrayList<>();
            for (long o : missing) {
                if (!eventIds.containsKey(o)) noRecord++;
                else if (eventIds.get(o) != null && storedIds.contains(eventIds.get(o))) duplicates++;
                else lostOffsets.add(o);
            }
            lost = ranges(lostOffsets);
        }
        return new Reconciliation.PartitionReport(
                tp.topic(), tp.partition(), logStart, logEnd, committed, stored, rejected, duplicates, noRecord, lost);
    }

    /** Offset -> event_id (null when the record has none) of the records at these offsets; offsets without a record are absent. */
    static Map<Long, String> readEventIds(String bootstrap, TopicPartition tp, List<Long> offsets) {
        Map<Long, String> out = new TreeMap<>();
        if (offsets.isEmpty()) return out;
        Set<Long> wanted = new HashSet<>(offsets);
        long first = offsets.get(0), last = offsets.get(offsets.size() - 1);
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                16 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, first);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (consumer.position(tp) <= last && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.contains(r.offset())) out.put(r.offset(), eventId(r.value()));
                }
            }
        }
        return out;
    }

    private static String eventId(byte[] value) {
        if (value == null) return null;
        try {
            JsonNode id = JSON.readTree(value).get("event_id");
            return id != null && id.isTextual() ? id.asText().strip() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Set<String> storedEventIds(ClickHouseHttp ch, String raw, Set<String> ids) throws Exception {
        Set<String> found = new HashSet<>();
        ids.remove(null);
        List<String> list = new ArrayList<>(ids);
        for (int i = 0; i < list.size(); i += 1000) {
            StringBuilder in = new StringBuilder();
            for (String id : list.subList(i, Math.min(list.size(), i + 1000))) {
                if (!in.isEmpty()) in.append(',');
                in.append(literal(id));
            }
            for (String line : ch.query(
                            "SELECT DISTINCT event_id FROM " + raw + " WHERE event_id IN (" + in + ") FORMAT TSVRaw")
                    .split("\n")) {
                if (!line.isEmpty()) found.add(line);
            }
        }
        return found;
    }

    private static long count(ClickHouseHttp ch, String sql) throws Exception {
        return Long.parseLong(ch.query(sql).strip());
    }

    /** A ClickHouse string literal. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("'");
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '\'' || c == '\\') b.append('\\').append((char) c);
            else if (c < 0x20 || c >= 0x7f) b.append(String.format("\\x%02X", c));
            else b.append((char) c);
        }
        return b.append('\'').toString();
    }

    /** Sorted offsets as inclusive [first, last] ranges. */
    static List<long[]> ranges(List<Long> sorted) {
        List<long[]> out = new ArrayList<>();
        for (long o : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] == o - 1) out.get(out.size() - 1)[1] = o;
            else out.add(new long[] {o, o});
        }
        return out;
    }
}
