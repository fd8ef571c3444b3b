package io.floorwatch.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One alert message (a firing or a resolve): the webhook body of SPEC §6 and one row of {@code alerts}.
 * A Flink POJO. {@code alertId} is derived from rule, entity and evidence only ({@link #idOf}), so a
 * replay re-derives the same id; a firing and its resolve share the id and differ in {@code status}.
 */
public class Alert implements Cloneable {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public String alertId;
    public String rule;
    public Severity severity;
    public String status;
    public String entityType;
    public String entityId;
    /** Floor time at which the condition became true (or ended, for a resolve), epoch ms. */
    public long eventTime;
    /** Processing time of detection, epoch ms. */
    public long detectedAt;
    /** Money that triggered the alert, in cents; null when no money is involved. */
    public Long amountCents;

    public String summary;
    public String action;
    /** A JSON object string. */
    public String details;
    /** Kafka append time of the triggering event (epoch ms, 0 if unknown): for latency metrics only, not sent. */
    public long triggerIngestTime;

    public Alert() {}

    public static Alert firing(
            String rule,
            Severity severity,
            String entityType,
            String entityId,
            String evidence,
            long eventTime,
            Long amountCents,
            String summary,
            String action,
            String details) {
        Alert a = new Alert();
        a.alertId = idOf(rule, entityId, evidence);
        a.rule = rule;
        a.severity = severity;
        a.entityType = entityType;
        a.entityId = entityId;
        a.amountCents = amountCents;
        return a.message(FIRING, eventTime, summary, action, details);
    }

    /** The resolve message of this firing alert: same id, rule, severity, entity and amount. */
    public Alert resolvedAt(long eventTime, String summary, String details) {
        Alert r = copy();
        r.triggerIngestTime = 0; // the firing's trigger, not the resolve's
        return r.message(RESOLVED, eventTime, summary, "None: condition cleared", details);
    }

    /** A shallow copy: enough, as every field is immutable (strings, boxed numbers, an enum). */
    private Alert copy() {
        try {
            return (Alert) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("Alert is Cloneable", e);
        }
    }

    /** Sets the message part: status, floor time, detection time (now), summary, action and details. */
    private Alert message(String status, long eventTime, String summary, String action, String details) {
        this.status = status;
        this.eventTime = eventTime;
        this.detectedAt = System.currentTimeMillis();
        this.summary = summary;
        this.action = action;
        this.details = details == null ? "{}" : details;
        return this;
    }

    public Alert withTrigger(long ingestTime) {
        this.triggerIngestTime = ingestTime;
        return this;
    }

    /** Stable id: the first 128 bits of SHA-256 over rule, entity and evidence, as hex. */
    public static String idOf(String rule, String entityId, String evidence) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((rule + '\u0000' + entityId + '\u0000' + evidence).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages are distinct per id and status (the webhook's Idempotency-Key). */
    public String messageKey() {
        return alertId + ':' + status;
    }

    public boolean isCompliance() {
        return Rules.isCompliance(rule);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Alert a)) return false;
        return eventTime == a.eventTime
                && Objects.equals(alertId, a.alertId)
                && Objects.equals(rule, a.rule)
                && severity == a.severity
                && Objects.equals(status, a.status)
                && Objects.equals(entityType, a.entityType)
                && Objects.equals(entityId, a.entityId)
                && Objects.equals(amountCents, a.amountCents)
                && Objects.equals(summary, a.summary)
                && Objects.equals(action, a.action)
                && Objects.equals(details, a.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, status);
    }

    @Override
    public String toString() {
        return rule + "/" + status + "/" + severity + " " + entityType + ":" + entityId + " @" + eventTime + " "
                + summary;
    }
}
