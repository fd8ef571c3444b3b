package io.floorwatch.player;

/** Running totals of one player session window. A Flink POJO (window state without Kryo). */
public class SessionAccumulator {
    public long firstGame = Long.MAX_VALUE;
    public long lastGame = Long.MIN_VALUE;
    public long coinInCents;
    public long games;

    public SessionAccumulator() {}
}
