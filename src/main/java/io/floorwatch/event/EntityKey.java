package io.floorwatch.event;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;

/**
 * The key of every per-entity operator: the event's entity id (machine, table, location or player, by stream).
 *
 * <p>Each event is shuffled once, to its entity, at the per-entity operator ({@link EntityOperator}). Every operator
 * after it that keys by entity (timers, CEP patterns) re-reads that partitioning with {@link #keyed} instead of
 * shuffling again, so the whole per-entity part of the job runs chained in the task that deduplicated the event: no
 * serialization, no network, whatever the number of rules. Rules built on any other stream (tests) get a real
 * {@code keyBy}.
 */
public final class EntityKey implements KeySelector<FloorEvent, String> {
    private static final long serialVersionUID = 1L;
    public static final EntityKey INSTANCE = new EntityKey();

    private EntityKey() {}

    @Override
    public String getKey(FloorEvent e) {
        return e.entityId;
    }

    /** A shuffle to the entity: {@code events} keyed by entity. */
    public static KeyedStream<FloorEvent, String> shuffle(DataStream<FloorEvent> events) {
        return events.keyBy(INSTANCE, Types.STRING);
    }

    /**
     * The same shuffle as {@link #shuffle} (each entity to the subtask its key group belongs to), as a plain stream, for
     * an operator that is not keyed itself but sits between the shuffle and the keyed operators ({@link #partitioned}).
     * {@code maxParallelism} must be the job's. It is {@code keyBy}'s own partitioner, not a custom one: Flink can then
     * checkpoint this edge unaligned and redistribute its in-flight events on a rescale.
     */
    public static DataStream<FloorEvent> partitionByEntity(DataStream<FloorEvent> events, int maxParallelism) {
        return new DataStream<>(
                events.getExecutionEnvironment(),
                new PartitionTransformation<>(
                        events.getTransformation(), new KeyGroupStreamPartitioner<>(INSTANCE, maxParallelism)));
    }

    /**
     * {@code stream}, which the caller knows is partitioned by entity already (forward from an operator keyed by
     * {@link EntityKey}, same parallelism), as a keyed stream without a shuffle.
     */
    public static KeyedStream<FloorEvent, String> partitioned(DataStream<FloorEvent> stream) {
        return DataStreamUtils.reinterpretAsKeyedStream(stream, INSTANCE, Types.STRING);
    }

    /**
     * {@code derived} (filtered or mapped from {@code input}, forward) keyed by entity: without a shuffle when {@code input}
     * is partitioned by entity ({@link #partitioned}), else with one.
     */
    public static KeyedStream<FloorEvent, String> keyed(DataStream<FloorEvent> input, DataStream<FloorEvent> derived) {
        return isPartitioned(input) ? partitioned(derived) : shuffle(derived);
    }

    /**
     * {@code stream}, which the caller knows is partitioned by entity already (as for {@link #partitioned}), as an
     * unkeyed stream that {@link #keyed} recognises. For the stream every rule filters: an operator applied to a keyed
     * stream is keyed itself, so each filter would set the key of every event (for RocksDB: serialize it) and have a
     * state backend of its own; the filters run unkeyed, and only what they keep is keyed again (without a shuffle).
     */
    public static DataStream<FloorEvent> partitionedUnkeyed(DataStream<FloorEvent> stream) {
        return new Partitioned(stream);
    }

    public static boolean isPartitioned(DataStream<?> stream) {
        return stream instanceof Partitioned
                || (stream instanceof KeyedStream<?, ?> k && k.getKeySelector() instanceof EntityKey);
    }

    /** The marker of {@link #partitionedUnkeyed}. */
    private static final class Partitioned extends DataStream<FloorEvent> {
        Partitioned(DataStream<FloorEvent> stream) {
            super(stream.getExecutionEnvironment(), stream.getTransformation());
        }
    }
}
