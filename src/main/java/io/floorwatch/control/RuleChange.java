package io.floorwatch.control;

/**
 * One row of ClickHouse {@code rule_changes} (SPEC 8.1): what a control message asked for and what became of it.
 * A Flink POJO. Every field is derived from the message and its position only, so a replay writes the same row.
 */
public class RuleChange {
    public static final String APPLIED = "APPLIED";
    public static final String REJECTED = "REJECTED";

    public String changeId;
    public String key;
    /** The value in force just before this message, in topic order (control topic, else configuration); null if none. */
    public String oldValue;
    /** The value the message asked for (null deletes an {@code offers.*} key). */
    public String newValue;

    public String changedBy;
    /** {@code changed_at} of the message, epoch ms; null when absent. */
    public Long changedAt;
    /** The Kafka record timestamp of the message (deterministic: the same on every replay), epoch ms. */
    public long appliedAt;

    public String status;
    /** The reason when rejected; null when applied. */
    public String message;

    public String topic;
    public int partition;
    public long offset;

    public RuleChange() {}

    public boolean applied() {
        return APPLIED.equals(status);
    }

    @Override
    public String toString() {
        return "RuleChange[" + changeId + " " + key + ": " + oldValue + " -> " + newValue + " " + status
                + (message == null ? "" : " (" + message + ")") + "]";
    }
}
