package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Severity;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes the configuration turns on. Route names are stable (they are kept in checkpointed state with
 * every undelivered alert):
 * <ul>
 *   <li>{@code floor}: {@code webhook.url}, every rule except the compliance rules, FloorWatch body;</li>
 *   <li>{@code compliance}: {@code webhook.compliance-url}, only the compliance rules ({@code CTR_REQUIRED},
 *       {@code CTR_APPROACHING}, {@code SAR_STRUCTURING});</li>
 *   <li>{@code pagerduty}: when {@code webhook.pagerduty-routing-key} is set, non-compliance alerts at or above
 *       {@code webhook.pagerduty-min-severity} to {@code webhook.pagerduty-url}, PagerDuty Events v2 body;</li>
 *   <li>{@code alertmanager}: {@code webhook.alertmanager-url}, non-compliance alerts, Alertmanager API v2 body.</li>
 * </ul>
 * {@code webhook.min-severity} applies to floor, compliance and alertmanager; {@code webhook.secret} signs every route.
 */
public final class WebhookRoutes {
    public static final String FLOOR = "floor";
    public static final String COMPLIANCE = "compliance";
    public static final String PAGERDUTY = "pagerduty";
    public static final String ALERTMANAGER = "alertmanager";

    private WebhookRoutes() {}

    /** The configured routes; empty when no webhook is configured (then the sink is not needed). */
    public static List<WebhookRoute> fromConfig(FloorWatchConfig config) {
        Severity min = Severity.valueOf(config.get(Options.WEBHOOK_MIN_SEVERITY));
        String secret = config.get(Options.WEBHOOK_SECRET);
        List<WebhookRoute> routes = new ArrayList<>();
        String floorUrl = config.get(Options.WEBHOOK_URL);
        if (!floorUrl.isEmpty()) {
            routes.add(WebhookRoute.of(FLOOR, floorUrl, false, min, BodyFormat.FLOORWATCH, secret));
        }
        String complianceUrl = config.get(Options.WEBHOOK_COMPLIANCE_URL);
        if (!complianceUrl.isEmpty()) {
            if (complianceUrl.equals(floorUrl)) {
                throw new ConfigException(Options.WEBHOOK_COMPLIANCE_URL.key()
                        + ": must differ from webhook.url (compliance alerts never go to the floor's endpoint)");
            }
            routes.add(WebhookRoute.of(COMPLIANCE, complianceUrl, true, min, BodyFormat.FLOORWATCH, secret));
        }
        String routingKey = config.get(Options.WebhookRouting.PAGERDUTY_ROUTING_KEY);
        if (!routingKey.isBlank()) {
            String url = config.get(Options.WebhookRouting.PAGERDUTY_URL);
            if (url.isEmpty()) {
                throw new ConfigException(
                        Options.WebhookRouting.PAGERDUTY_URL.key() + ": required when a PagerDuty routing key is set");
            }
            Severity pagerMin = Severity.valueOf(config.get(Options.WebhookRouting.PAGERDUTY_MIN_SEVERITY));
            routes.add(new WebhookRoute(
                    PAGERDUTY, url, false, null, null, pagerMin, BodyFormat.PAGERDUTY, secret, routingKey.trim()));
        }
        String alertmanagerUrl = config.get(Options.WebhookRouting.ALERTMANAGER_URL);
        if (!alertmanagerUrl.isEmpty()) {
            routes.add(WebhookRoute.of(ALERTMANAGER, alertmanagerUrl, false, min, BodyFormat.ALERTMANAGER, secret));
        }
        return List.copyOf(routes);
    }
}
