package io.floorwatch.sink.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders an alert as the request body of each {@link BodyFormat}. Stateless and thread-safe. */
public final class AlertBodies {
    /** Decimals in details (money) stay exact: read as BigDecimal, never as double. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** PagerDuty rejects longer summaries. */
    private static final int PAGERDUTY_SUMMARY_MAX = 1024;

    private AlertBodies() {}

    public static byte[] render(Alert alert, WebhookRoute route) {
        return switch (route.format()) {
            case FLOORWATCH -> floorWatch(alert);
            case PAGERDUTY -> pagerDuty(alert, route.routingKey());
            case ALERTMANAGER -> alertmanager(alert);
        };
    }

    /** SPEC §6, field for field and in that order. */
    public static byte[] floorWatch(Alert a) {
        return write(g -> {
            g.writeStartObject();
            writeCommonFields(g, a);
            g.writeStringField("summary", a.summary);
            g.writeStringField("action", a.action);
            g.writeFieldName("details");
            g.writeTree(detailsObject(a.details));
            g.writeEndObject();
        });
    }

    /** PagerDuty Events v2; a resolve carries no payload (PagerDuty ignores it). */
    public static byte[] pagerDuty(Alert a, String routingKey) {
        boolean resolve = Alert.RESOLVED.equals(a.status);
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("routing_key", routingKey);
            g.writeStringField("event_action", resolve ? "resolve" : "trigger");
            g.writeStringField("dedup_key", a.alertId);
            if (!resolve) {
                g.writeStringField("client", "FloorWatch");
                g.writeObjectFieldStart("payload");
                String summary = a.summary == null ? a.rule + " on " + a.entityId : a.summary;
                g.writeStringField(
                        "summary",
                        summary.length() > PAGERDUTY_SUMMARY_MAX
                                ? summary.substring(0, PAGERDUTY_SUMMARY_MAX)
                                : summary);
                g.writeStringField("severity", pagerDutySeverity(a.severity));
                g.writeStringField("source", a.entityType + ":" + a.entityId);
                g.writeStringField("timestamp", time(a.eventTime));
                g.writeStringField("component", a.entityId);
                g.writeStringField("group", a.entityType);
                g.writeStringField("class", a.rule);
                g.writeObjectFieldStart("custom_details");
                writeCommonFields(g, a);
                g.writeStringField("action", a.action);
                g.writeFieldName("details");
                g.writeTree(detailsObject(a.details));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /**
     * Alertmanager API v2 postable alerts. The labels include alert_id, so each incident is its own Alertmanager
     * alert and a resolve (endsAt set) closes exactly it. A firing has no endsAt: Alertmanager keeps it for its
     * resolve_timeout.
     */
    public static byte[] alertmanager(Alert a) {
        boolean resolved = Alert.RESOLVED.equals(a.status);
        return write(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeObjectFieldStart("labels");
            g.writeStringField("alertname", a.rule);
            g.writeStringField(
                    "severity", a.severity == null ? "" : a.severity.name().toLowerCase(Locale.ROOT));
            g.writeStringField("entity_type", a.entityType);
            g.writeStringField("entity_id", a.entityId);
            g.writeStringField("alert_id", a.alertId);
            g.writeStringField("service", "floorwatch");
            g.writeEndObject();
            g.writeObjectFieldStart("annotations");
            if (a.summary != null) g.writeStringField("summary", a.summary);
            if (a.action != null) g.writeStringField("action", a.action);
            if (a.amountCents != null)
                g.writeStringField("amount", amount(a.amountCents).toPlainString());
            g.writeStringField("detected_at", time(a.detectedAt));
            g.writeStringField("details", detailsObject(a.details).toString());
            g.writeEndObject();
            g.writeStringField("startsAt", time(a.eventTime));
            if (resolved) g.writeStringField("endsAt", time(a.eventTime));
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    public static String pagerDutySeverity(Severity s) {
        if (s == null) return "info";
        return switch (s) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "info";
        };
    }

    /** ISO-8601 UTC with milliseconds and Z, e.g. {@code 2026-11-22T20:15:03.120Z}. */
    public static String time(long epochMillis) {
        return UTC_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Exact dollars with 2 decimals from cents. */
    public static BigDecimal amount(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static void writeCommonFields(JsonGenerator g, Alert a) throws IOException {
        g.writeStringField("alert_id", a.alertId);
        g.writeStringField("rule", a.rule);
        g.writeStringField("severity", a.severity == null ? null : a.severity.name());
        g.writeStringField("status", a.status);
        g.writeStringField("entity_type", a.entityType);
        g.writeStringField("entity_id", a.entityId);
        g.writeStringField("event_time", time(a.eventTime));
        g.writeStringField("detected_at", time(a.detectedAt));
        if (a.amountCents == null) {
            g.writeNullField("amount");
        } else {
            g.writeFieldName("amount");
            g.writeNumber(amount(a.amountCents));
        }
    }

    /** Alert.details is a JSON object string; anything else is kept as {"text": ...} rather than breaking the body. */
    static JsonNode detailsObject(String details) {
        if (details == null || details.isBlank()) return MAPPER.createObjectNode();
        try {
            JsonNode node = MAPPER.readTree(details);
            if (node != null && node.isObject()) return node;
        } catch (IOException ignored) {
            // fall through: keep the text
        }
        return MAPPER.createObjectNode().put("text", details);
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setCodec(MAPPER);
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
