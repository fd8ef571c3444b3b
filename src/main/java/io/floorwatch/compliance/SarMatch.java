package io.floorwatch.compliance;

/**
 * One CEP match of SAR_STRUCTURING before the gate decides whether it is a new alert: the qualifying cash
 * transactions of one player, in event-time order. A Flink POJO (arrays, not lists, so no Kryo).
 */
public class SarMatch {
    public String playerId;
    public String[] eventIds;
    public String[] sources;
    public String[] directions;
    public long[] amountsCents;
    public long[] eventTimes;
    /** Kafka append time of the completing transaction (latency metric). */
    public long triggerIngestTime;

    public SarMatch() {}

    public long firstTime() {
        return eventTimes[0];
    }

    /** The completing transaction's time: the alert's event_time. */
    public long completingTime() {
        return eventTimes[eventTimes.length - 1];
    }

    public long totalCents() {
        long sum = 0;
        for (long a : amountsCents) sum += a;
        return sum;
    }
}
