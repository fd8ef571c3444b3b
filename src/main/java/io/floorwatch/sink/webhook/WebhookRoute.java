package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.logging.Urls;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * One delivery destination: which alerts go there and in which body. A route is either a compliance route
 * (only the compliance rules, {@link io.floorwatch.alert.Rules#COMPLIANCE}: CTR_REQUIRED, CTR_APPROACHING, SAR_STRUCTURING)
 * or not (never those): {@link #accepts} enforces it
 * whatever the rule sets say, so no configuration can send a SAR to the floor.
 *
 * @param includeRules rules sent; empty = every rule the route's kind allows
 * @param excludeRules rules never sent
 * @param secret       HMAC-SHA256 key; empty = unsigned. Never printed.
 * @param routingKey   the PagerDuty integration key (PAGERDUTY format only). Never printed.
 */
public record WebhookRoute(
        String name,
        String url,
        boolean compliance,
        Set<String> includeRules,
        Set<String> excludeRules,
        Severity minSeverity,
        BodyFormat format,
        String secret,
        String routingKey)
        implements Serializable {

    public WebhookRoute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(format, "format");
        includeRules = includeRules == null ? Set.of() : Set.copyOf(includeRules);
        excludeRules = excludeRules == null ? Set.of() : Set.copyOf(excludeRules);
        secret = secret == null ? "" : secret;
        routingKey = routingKey == null ? "" : routingKey;
        if (format == BodyFormat.PAGERDUTY && routingKey.isEmpty()) {
            throw new IllegalArgumentException("route " + name + ": the PagerDuty format needs a routing key");
        }
    }

    /** A route for every non-compliance rule (or only compliance rules) at or above {@code minSeverity}. */
    public static WebhookRoute of(
            String name, String url, boolean compliance, Severity minSeverity, BodyFormat format, String secret) {
        return new WebhookRoute(name, url, compliance, Set.of(), Set.of(), minSeverity, format, secret, "");
    }

    public boolean accepts(Alert alert) {
        if (alert.isCompliance() != compliance) return false;
        if (!includeRules.isEmpty() && !includeRules.contains(alert.rule)) return false;
        if (excludeRules.contains(alert.rule)) return false;
        return alert.severity != null && alert.severity.atLeast(minSeverity);
    }

    public boolean signed() {
        return !secret.isEmpty();
    }

    public WebhookRoute withUrl(String newUrl) {
        return new WebhookRoute(
                name, newUrl, compliance, includeRules, excludeRules, minSeverity, format, secret, routingKey);
    }

    /** Without the secret and routing key. */
    @Override
    public String toString() {
        return "WebhookRoute[" + name + " -> " + Urls.forLog(url) + ", "
                + (compliance ? "compliance" : "floor") + " rules"
                + (includeRules.isEmpty() ? "" : " only " + includeRules)
                + (excludeRules.isEmpty() ? "" : " except " + excludeRules)
                + ", >= " + minSeverity + ", " + format + (signed() ? ", signed" : ", unsigned") + "]";
    }
}
