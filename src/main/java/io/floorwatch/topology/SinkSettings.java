package io.floorwatch.topology;

import io.floorwatch.alert.Severity;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.player.PlayerOffer;
import io.floorwatch.sink.RetryPolicy;
import io.floorwatch.sink.TrustStore;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import io.floorwatch.sink.clickhouse.SchemaInstaller;
import io.floorwatch.sink.kafka.OfferKafkaSink;
import io.floorwatch.sink.webhook.BodyFormat;
import io.floorwatch.sink.webhook.DeliverySettings;
import io.floorwatch.sink.webhook.WebhookRoute;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The sinks' settings from the configuration: the one place that reads the {@code clickhouse.*}, {@code webhook.*}
 * and offer keys. The sinks know only the plain settings objects built here (and the records they write).
 */
public final class SinkSettings {
    /** Route names are stable: they are kept in checkpointed state with every undelivered alert. */
    public static final String FLOOR = "floor";

    public static final String COMPLIANCE = "compliance";
    public static final String PAGERDUTY = "pagerduty";
    public static final String ALERTMANAGER = "alertmanager";

    private SinkSettings() {}

    /** True when {@code clickhouse.url} is set. */
    public static boolean clickHouseEnabled(FloorWatchConfig cfg) {
        return !cfg.get(Options.CLICKHOUSE_URL).isBlank();
    }

    /**
     * The {@code clickhouse.*} keys (the password may come from FLOORWATCH_CLICKHOUSE_PASSWORD). A longest retry backoff
     * below the first is raised to it.
     */
    public static ClickHouseClientSettings clickHouse(FloorWatchConfig cfg) {
        ClickHouseClientSettings.Connection connection;
        try {
            connection = new ClickHouseClientSettings.Connection(
                    cfg.get(Options.CLICKHOUSE_URL),
                    cfg.get(Options.CLICKHOUSE_DATABASE),
                    cfg.get(Options.CLICKHOUSE_USER),
                    cfg.get(Options.CLICKHOUSE_PASSWORD),
                    new TrustStore(
                            cfg.get(Options.Tls.CLICKHOUSE_TRUST_STORE),
                            cfg.get(Options.Tls.CLICKHOUSE_TRUST_STORE_PASSWORD)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("clickhouse." + e.getMessage()); // the message starts with the field: its key
        }
        Duration backoff = cfg.get(Options.CLICKHOUSE_RETRY_BACKOFF);
        Duration maxBackoff = cfg.get(Options.CLICKHOUSE_MAX_RETRY_BACKOFF);
        return new ClickHouseClientSettings(
                connection,
                new ClickHouseClientSettings.Batching(
                        cfg.get(Options.CLICKHOUSE_BATCH_ROWS),
                        cfg.get(Options.CLICKHOUSE_BATCH_BYTES),
                        cfg.get(Options.CLICKHOUSE_FLUSH_INTERVAL)),
                new RetryPolicy(
                        cfg.get(Options.CLICKHOUSE_MAX_RETRIES),
                        backoff,
                        maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff),
                cfg.get(Options.CLICKHOUSE_REQUEST_TIMEOUT));
    }

    /** Applies the schema when {@code clickhouse.create-schema} is true (and ClickHouse is on); else nothing. */
    public static void createSchemaIfConfigured(FloorWatchConfig cfg) throws IOException, InterruptedException {
        if (clickHouseEnabled(cfg) && cfg.get(Options.CLICKHOUSE_CREATE_SCHEMA)) SchemaInstaller.apply(clickHouse(cfg));
    }

    /** The delivery keys of {@code webhook.*}. */
    public static DeliverySettings delivery(FloorWatchConfig cfg) {
        return new DeliverySettings(
                new DeliverySettings.Timeouts(
                        cfg.get(Options.WEBHOOK_CONNECT_TIMEOUT),
                        cfg.get(Options.WEBHOOK_REQUEST_TIMEOUT),
                        cfg.get(Options.WebhookRouting.DRAIN_TIMEOUT)),
                new DeliverySettings.Limits(
                        cfg.get(Options.WEBHOOK_MAX_IN_FLIGHT),
                        cfg.get(Options.WebhookLimits.MAX_IN_FLIGHT_PER_ROUTE),
                        cfg.get(Options.WEBHOOK_MAX_PENDING)),
                RetryPolicy.unlimited(
                        cfg.get(Options.WEBHOOK_RETRY_BACKOFF), cfg.get(Options.WEBHOOK_MAX_RETRY_BACKOFF)),
                cfg.get(Options.WebhookLimits.MAX_RETRY_AFTER),
                new TrustStore(
                        cfg.get(Options.Tls.WEBHOOK_TRUST_STORE), cfg.get(Options.Tls.WEBHOOK_TRUST_STORE_PASSWORD)));
    }

    /**
     * The routes the configuration turns on; empty when no webhook is configured (then the sink is not needed):
     * <ul>
     *   <li>{@code floor}: {@code webhook.url}, every rule except the compliance rules, FloorWatch body;</li>
     *   <li>{@code compliance}: {@code webhook.compliance-url}, only the compliance rules ({@code CTR_REQUIRED},
     *       {@code CTR_APPROACHING}, {@code SAR_STRUCTURING});</li>
     *   <li>{@code pagerduty}: when {@code webhook.pagerduty-routing-key} is set, non-compliance alerts at or above
     *       {@code webhook.pagerduty-min-severity} to {@code webhook.pagerduty-url}, PagerDuty Events v2 body;</li>
     *   <li>{@code alertmanager}: {@code webhook.alertmanager-url}, non-compliance alerts, Alertmanager API v2 body.</li>
     * </ul>
     * {@code webhook.min-severity} applies to floor, compliance and alertmanager; {@code webhook.secret} signs every
     * route.
     */
    public static List<WebhookRoute> webhookRoutes(FloorWatchConfig cfg) {
        Severity min = Severity.valueOf(cfg.get(Options.WEBHOOK_MIN_SEVERITY));
        String secret = cfg.get(Options.WEBHOOK_SECRET);
        List<WebhookRoute> routes = new ArrayList<>();
        String floorUrl = cfg.get(Options.WEBHOOK_URL);
        if (!floorUrl.isEmpty()) {
            routes.add(WebhookRoute.of(FLOOR, floorUrl, false, min, BodyFormat.FLOORWATCH, secret));
        }
        String complianceUrl = cfg.get(Options.WEBHOOK_COMPLIANCE_URL);
        if (!complianceUrl.isEmpty()) {
            if (complianceUrl.equals(floorUrl)) {
                throw new ConfigException(Options.WEBHOOK_COMPLIANCE_URL.key()
                        + ": must differ from webhook.url (compliance alerts never go to the floor's endpoint)");
            }
            routes.add(WebhookRoute.of(COMPLIANCE, complianceUrl, true, min, BodyFormat.FLOORWATCH, secret));
        }
        String routingKey = cfg.get(Options.WebhookRouting.PAGERDUTY_ROUTING_KEY);
        if (!routingKey.isBlank()) {
            String url = cfg.get(Options.WebhookRouting.PAGERDUTY_URL);
            if (url.isEmpty()) {
                throw new ConfigException(
                        Options.WebhookRouting.PAGERDUTY_URL.key() + ": required when a PagerDuty routing key is set");
            }
            Severity pagerMin = Severity.valueOf(cfg.get(Options.WebhookRouting.PAGERDUTY_MIN_SEVERITY));
            routes.add(new WebhookRoute(
                    PAGERDUTY, url, false, null, null, pagerMin, BodyFormat.PAGERDUTY, secret, routingKey.trim()));
        }
        String alertmanagerUrl = cfg.get(Options.WebhookRouting.ALERTMANAGER_URL);
        if (!alertmanagerUrl.isEmpty()) {
            routes.add(WebhookRoute.of(ALERTMANAGER, alertmanagerUrl, false, min, BodyFormat.ALERTMANAGER, secret));
        }
        return List.copyOf(routes);
    }

    /**
     * Offers go to Kafka in Kafka mode only: a files or simulator run writes its offers to ClickHouse and files, whatever
     * broker a profile names.
     */
    public static boolean offersToKafka(FloorWatchConfig cfg) {
        return cfg.get(Options.SOURCES_MODE).equals("kafka")
                && !cfg.get(Options.KAFKA_BOOTSTRAP).isBlank();
    }

    /** The transactional offers sink into {@code kafka.topics.offers}. */
    public static KafkaSink<PlayerOffer> offerKafkaSink(FloorWatchConfig cfg) {
        return OfferKafkaSink.create(
                cfg.get(Options.KAFKA_BOOTSTRAP),
                cfg.get(Options.KAFKA_TOPIC_OFFERS),
                cfg.get(Options.Players.OFFERS_TRANSACTIONAL_ID_PREFIX),
                cfg.get(Options.Players.OFFERS_TRANSACTION_TIMEOUT));
    }
}
