package io.floorwatch.topology;

import static io.floorwatch.topology.Outputs.named;
import static io.floorwatch.topology.Outputs.single;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.console.FloorConsole;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import io.floorwatch.sink.clickhouse.ClickHouseRowWriter;
import io.floorwatch.sink.clickhouse.ClickHouseSinks;
import io.floorwatch.sink.file.JsonLinesFileSink;
import io.floorwatch.sink.kafka.OfferKafkaSink;
import io.floorwatch.sink.webhook.AlertBodies;
import io.floorwatch.sink.webhook.AlertDelivery;
import io.floorwatch.sink.webhook.DeliveryListener;
import io.floorwatch.sink.webhook.WebhookRoute;
import io.floorwatch.sink.webhook.WebhookSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The real sinks a configuration asks for: ClickHouse, webhooks, local JSONL files, the live console. */
public final class ConfiguredOutputs {
    private ConfiguredOutputs() {}

    public static Outputs create(FloorWatchConfig cfg) {
        Outputs o = new Outputs();
        ClickHouseClientSettings ch = SinkSettings.clickHouseEnabled(cfg) ? SinkSettings.clickHouse(cfg) : null;
        if (ch != null) {
            o.rawEvents.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.FLOOR_EVENTS)));
            o.rejected.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.REJECTED_EVENTS)));
            o.machineMinutes.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.MACHINE_MINUTES)));
            o.floorMinutes.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.FLOOR_MINUTES)));
            o.tableMinutes.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.TABLE_MINUTES)));
            o.playerSessions.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.PLAYER_SESSIONS)));
            o.machineLocations.add(single("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.MACHINE_LOCATIONS)));
            o.alerts.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.ALERTS)));
            o.meterDeltas.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.METER_DELTAS)));
            o.mtlEntries.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.MTL_ENTRIES)));
            o.w2gForms.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.W2G_FORMS)));
            o.ruleChanges.add(single("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.RULE_CHANGES)));
            o.playerRatings.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.PLAYER_RATINGS)));
            o.playerOffers.add(named("clickhouse", ClickHouseSinks.create(ch, ClickHouseSinks.PLAYER_OFFERS)));
        }
        if (SinkSettings.offersToKafka(cfg)) {
            o.playerOffers.add(
                    named("kafka", SinkSettings.offerKafkaSink(cfg))); // transactional; offers never go to webhooks
        }
        List<WebhookRoute> routes = SinkSettings.webhookRoutes(cfg);
        if (!routes.isEmpty()) {
            WebhookSink webhooks = new WebhookSink(routes, SinkSettings.delivery(cfg), null);
            if (ch != null) webhooks = webhooks.withListener(new DeliveriesToClickHouse(ch));
            // one writer: a firing and its resolve stay in order, and the in-flight limits are global
            o.notifications.add(single("webhook", webhooks));
        }
        String dir = cfg.get(Options.OUTPUT_DIR);
        if (!dir.isBlank()) {
            Path out = Path.of(dir);
            o.alerts.add(single(
                    "file",
                    new JsonLinesFileSink<>(
                            out.resolve("alerts.jsonl"),
                            a -> new String(AlertBodies.floorWatch(a), StandardCharsets.UTF_8))));
            // one lambda per sink: a shared method reference deserializes to the first call site's types
            o.rejected.add(single("file", new JsonLinesFileSink<>(out.resolve("rejected_events.jsonl"), r -> json(r))));
            o.floorMinutes.add(
                    single("file", new JsonLinesFileSink<>(out.resolve("floor_minute.jsonl"), f -> json(f))));
            o.machineMinutes.add(
                    single("file", new JsonLinesFileSink<>(out.resolve("machine_minute.jsonl"), m -> json(m))));
            o.ruleChanges.add(single("file", new JsonLinesFileSink<>(out.resolve("rule_changes.jsonl"), c -> json(c))));
            o.playerOffers.add(single(
                    "file",
                    new JsonLinesFileSink<>(
                            out.resolve("player_offers.jsonl"),
                            p -> new String(OfferKafkaSink.json(p), StandardCharsets.UTF_8))));
        }
        if (cfg.get(Options.CONSOLE_ENABLED)) {
            // the live floor view of the demo: a local run, so the view lives in this JVM
            FloorConsole.configure(System.out, cfg.get(Options.CASINO_TIMEZONE), Duration.ofSeconds(2), null);
            o.rawEvents.add(named("console", FloorConsole.events()));
            o.floorMinutes.add(single("console", FloorConsole.floorMinutes()));
            o.alerts.add(single("console", FloorConsole.alerts()));
            o.mtlEntries.add(single("console", FloorConsole.mtlEntries()));
            o.ruleChanges.add(single("console", FloorConsole.ruleChanges()));
        }
        return o;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(Object record) {
        try {
            return JSON.writeValueAsString(JSON.convertValue(record, Map.class));
        } catch (Exception e) {
            return "{\"error\":\"" + e.getMessage() + "\"}";
        }
    }

    /** Writes every webhook delivery attempt to {@code alert_deliveries}, so on-call can audit what was sent. */
    private record DeliveriesToClickHouse(ClickHouseClientSettings settings) implements DeliveryListener.Factory {
        @Override
        public DeliveryListener create(int subtaskIndex) {
            ClickHouseRowWriter<AlertDelivery> writer =
                    new ClickHouseRowWriter<>(settings, ClickHouseSinks.ALERT_DELIVERIES, "deliveries-" + subtaskIndex);
            return new DeliveryListener() {
                @Override
                public void onDelivery(AlertDelivery delivery) {
                    writer.add(delivery);
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }
    }
}
