package io.floorwatch.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.LiveKeys;
import io.floorwatch.config.Options;
import io.floorwatch.event.Source;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code jobs/floorwatch rules ...} (SPEC 8.1): changes a rule live through the control topic, validated before it is
 * sent, and lists what is in force.
 *
 * <pre>
 *   rules set KEY VALUE [--change-id ID] [--changed-by WHO] [--config FILE] [--key value ...]
 *   rules delete offers.ID.FIELD [...]      (a null value: deletes an offers key)
 *   rules list [--config FILE] [--key value ...]
 * </pre>
 *
 * A change is validated against the configuration and the control topic as the job will see it (the same code as the
 * job's); a bad one is refused here with the reason (exit 2) and nothing is sent. The job still validates every message
 * itself, so a change that races another one is audited as REJECTED there, never applied half-way.
 */
public final class RulesMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RulesMain() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("rules: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("rules: " + e);
            System.exit(1);
        }
    }

    static final String USAGE =
            "usage: rules set KEY VALUE [--change-id ID] [--changed-by WHO] [--config FILE] [--key value ...]\n"
                    + "       rules delete offers.ID.FIELD [--change-id ID] [--changed-by WHO] [--config FILE] [--key value ...]\n"
                    + "       rules list [--config FILE] [--key value ...]";

    public static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) throw new IllegalArgumentException(USAGE);
        String command = args[0];
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        String changeId = option(rest, "--change-id");
        String changedBy = option(rest, "--changed-by");
        switch (command) {
            case "set", "delete" -> {
                int values = command.equals("set") ? 2 : 1;
                if (rest.size() < values
                        || rest.get(0).startsWith("--")
                        || (values == 2 && rest.get(1).startsWith("--"))) {
                    throw new IllegalArgumentException(USAGE);
                }
                String key = rest.get(0);
                String value = values == 2 ? rest.get(1) : null;
                FloorWatchConfig cfg = FloorWatchConfig.fromArgs(
                        rest.subList(values, rest.size()).toArray(String[]::new), System.getenv());
                return set(cfg, key, value, changeId, changedBy, out);
            }
            case "list" -> {
                FloorWatchConfig cfg = FloorWatchConfig.fromArgs(rest.toArray(String[]::new), System.getenv());
                list(cfg, out);
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "'\n" + USAGE);
        }
    }

    /** Removes {@code name VALUE} from the arguments; its value or null. */
    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) return null;
        if (i + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }

    /** What the control topic holds now, applied in order, and which change set each key. */
    record Current(ControlLog log, Map<String, RuleChange> setBy) {}

    static Current current(FloorWatchConfig cfg) {
        List<ControlRecord> records = new ArrayList<>();
        if (cfg.get(Options.SOURCES_MODE).equals("files")) {
            Path dir = Path.of(cfg.get(Options.SOURCES_FILES_DIR));
            records.addAll(ControlBootstrap.lines(dir.resolve(ControlBootstrap.CONTROL_FILE), Source.CONTROL));
            records.addAll(ControlBootstrap.lines(dir.resolve(ControlBootstrap.WATCHLIST_FILE), Source.WATCHLIST));
        } else {
            ControlBootstrap.readTopics(
                    cfg,
                    List.of(cfg.get(Options.KAFKA_TOPIC_CONTROL), cfg.get(Options.KAFKA_TOPIC_WATCHLIST)),
                    records,
                    new LinkedHashMap<>());
        }
        ControlLog log = new ControlLog(cfg);
        Map<String, RuleChange> setBy = new TreeMap<>();
        for (ControlRecord r : records) {
            ControlLog.Outcome o = log.apply(r);
            if (o.change() != null && o.change().applied()) setBy.put(LiveKeys.canonical(o.change().key), o.change());
        }
        return new Current(log, setBy);
    }

    static int set(FloorWatchConfig cfg, String key, String value, String changeId, String changedBy, PrintStream out)
            throws Exception {
        Current now = current(cfg);
        try {
            LiveKeys.validate(cfg, now.log().settings(), key, value);
        } catch (IllegalArgumentException e) {
            out.println("refused, nothing sent: " + e.getMessage());
            return 2;
        }
        String id = changeId != null
                ? changeId
                : "c-" + Instant.now().toEpochMilli() + "-"
                        + UUID.randomUUID().toString().substring(0, 6);
        if (now.log().changeIds().contains(id)) {
            out.println("refused, nothing sent: change_id " + id
                    + " is in the control topic already (one row per change_id)");
            return 2;
        }
        ObjectNode m = JSON.createObjectNode();
        m.put("change_id", id);
        m.put("key", key);
        m.put("value", value);
        m.put("changed_by", changedBy != null ? changedBy : System.getProperty("user.name", "unknown"));
        // SPEC 8: times as ISO-8601 UTC with milliseconds and Z
        m.put(
                "changed_at",
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(Instant.now()));
        String message = JSON.writeValueAsString(m);
        String old = now.log().inForce(key);
        if (cfg.get(Options.SOURCES_MODE).equals("files")) {
            Path file = Path.of(cfg.get(Options.SOURCES_FILES_DIR)).resolve(ControlBootstrap.CONTROL_FILE);
            Files.writeString(
                    file, message + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out.println("written " + id + " to " + file + ": " + key + " " + old + " -> " + value
                    + " (read at the job's next start)");
            return 0;
        }
        String topic = cfg.get(Options.KAFKA_TOPIC_CONTROL);
        ensureTopic(cfg, topic);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.get(Options.KAFKA_BOOTSTRAP));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            RecordMetadata md =
                    producer.send(new ProducerRecord<>(topic, key, message)).get();
            out.println("sent " + id + " to " + topic + "/" + md.partition() + "@" + md.offset() + ": " + key + " "
                    + old + " -> " + value);
        }
        return 0;
    }

    /** The control topic: one partition (one order for every change), kept for ever (it is read whole at every start). */
    static void ensureTopic(FloorWatchConfig cfg, String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.get(Options.KAFKA_BOOTSTRAP)))) {
            if (admin.listTopics().names().get().contains(topic)) return;
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                            .configs(Map.of("retention.ms", "-1"))))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    static void list(FloorWatchConfig cfg, PrintStream out) {
        Current now = current(cfg);
        Map<String, String> keys = new LinkedHashMap<>();
        for (String k : LiveKeys.FIXED) keys.put(k, null);
        cfg.describe().keySet().stream().filter(LiveKeys::isLive).forEach(k -> keys.put(LiveKeys.canonical(k), null));
        now.log().settings().keySet().forEach(k -> keys.put(k, null));
        out.printf("%-36s %-28s %s%n", "KEY", "VALUE", "FROM");
        for (String key : keys.keySet()) {
            RuleChange c = now.setBy().get(key);
            String value = now.log().inForce(key);
            String from;
            if (c != null) {
                from = "control " + c.changeId + (c.changedBy == null ? "" : " by " + c.changedBy)
                        + (c.changedAt == null ? "" : " at " + Instant.ofEpochMilli(c.changedAt));
            } else {
                from = cfg.describe().containsKey(key) ? "config" : "default";
            }
            out.printf("%-36s %-28s %s%n", key, value == null ? "(none)" : value, from);
        }
        out.println();
        out.println("watchlist: " + now.log().watchlist().size() + " ACTIVE entr"
                + (now.log().watchlist().size() == 1 ? "y" : "ies"));
    }
}
