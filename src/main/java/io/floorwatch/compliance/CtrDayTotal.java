package io.floorwatch.compliance;

/**
 * State of CTR_REQUIRED for one player, gaming day and direction. A Flink POJO (public no-arg
 * constructor, public fields) so RocksDB state is serialized without Kryo.
 */
public class CtrDayTotal {
    /** Running total of the day's cash in that direction, cents. */
    public long totalCents;
    /** Cash transactions counted. */
    public int transactions;
    /** The alert for this day and direction has been emitted. */
    public boolean fired;
    /** CTR_APPROACHING for this day and direction has been emitted (POJO schema evolution: a new field starts false). */
    public boolean warned;

    public CtrDayTotal() {}
}
