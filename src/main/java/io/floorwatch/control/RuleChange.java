package io.floorwatch.control;

/**
 * One row of ClickHouse {@code rule_changes} (SPEC 8.1): what a control message asked for and what became of it.
 * A Flink POJO. Every field is derived from the message and its position only, so a replay writes the same row.
 */
public class RuleChange {
    /** What became of the message; its name is the {@code status} column's value. */
    public enum Status {
        APPLIED,
        REJECTED
    }

    // short names for the two outcomes, as ControlLog writes them
    public static final Status APPLIED = Status.APPLIED;
    public static final Status REJECTED = Status.REJECTED;

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

    public Status status;
    /** The reason when rejected; null when applied. */
    public String message;

    public String topic;
    public int partition;
    public long offset;

    public RuleChange() {}

    public boolean applied() {
        return status == Status.APPLIED;
    }

    @Override
    public String toString() {
        return "RuleChange[" + changeId + " " + key + ": " + oldValue + " -> " + newValue + " " + status
                + (message == null ? "" : " (" + message + ")") + "]";
    }
}
