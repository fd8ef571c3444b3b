package io.floorwatch.source;

import io.floorwatch.event.ParsedRecord;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

/**
 * Bounded out-of-orderness watermarks that one device cannot push ahead of the floor.
 *
 * <p>An event stamped up to {@code validation.max-future-skew} ahead of the wall clock is valid, so with plain
 * bounded out-of-orderness one device with a fast clock would move its partition's watermark minutes ahead and
 * make every other device's on-time events late. Here an event's <em>contribution</em> to the watermark is
 * {@code min(event_time, ingest_time + watermark.max-ingest-skew)}, where the ingest time is the Kafka record
 * timestamp (or the read / creation time for files and the simulator). The event keeps its event time: it is
 * valid, stored and aggregated in its own (future) window, which closes once the floor really gets there.
 * Without an ingest time (absent or not positive, e.g. a Kafka record without timestamp) the event time
 * counts as is. Replays of old data are unaffected: their events are far behind their ingest time.
 *
 * <p>Events whose contribution was cut are counted in the metric {@value #CLAMPED_METRIC} (one counter per
 * source or watermark operator subtask, shared by its partitions); a steady rate means a device clock is off.
 */
public final class IngestBoundedWatermarks implements WatermarkGenerator<ParsedRecord> {
    public static final String CLAMPED_METRIC = "watermarkClampedEvents";

    /** One counter per metric group: the Kafka source creates one generator per partition, in one group. */
    private static final Map<MetricGroup, Counter> COUNTERS = new WeakHashMap<>();

    private final long outOfOrdernessMillis;
    private final long maxIngestSkewMillis;
    private final Counter clamped;
    private long maxContribution;

    public IngestBoundedWatermarks(Duration outOfOrderness, Duration maxIngestSkew, Counter clamped) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.maxIngestSkewMillis = maxIngestSkew.toMillis();
        this.clamped = clamped;
        this.maxContribution = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    /**
     * The job's watermark strategy for parsed records: valid events carry their event time, this generator bounds
     * their push of the watermark, and quiet partitions go idle after {@code idleness}.
     */
    public static WatermarkStrategy<ParsedRecord> strategy(
            Duration outOfOrderness, Duration maxIngestSkew, Duration idleness) {
        WatermarkGeneratorSupplier<ParsedRecord> supplier =
                ctx -> new IngestBoundedWatermarks(outOfOrderness, maxIngestSkew, counter(ctx.getMetricGroup()));
        return WatermarkStrategy.forGenerator(supplier)
                .withTimestampAssigner((r, ts) -> r.isValid() ? r.event.eventTime : Long.MIN_VALUE)
                .withIdleness(idleness);
    }

    /** What an event may add to the watermark: its event time, at most {@code maxIngestSkew} past its ingest time. */
    public static long contribution(long eventTime, long ingestTime, long maxIngestSkewMillis) {
        if (ingestTime <= 0) return eventTime;
        long bound =
                ingestTime > Long.MAX_VALUE - maxIngestSkewMillis ? Long.MAX_VALUE : ingestTime + maxIngestSkewMillis;
        return Math.min(eventTime, bound);
    }

    @Override
    public void onEvent(ParsedRecord record, long eventTimestamp, WatermarkOutput output) {
        if (!record.isValid()) return; // a rejected record has no event time: it moves nothing
        long eventTime = record.event.eventTime;
        long c = contribution(eventTime, record.event.ingestTime, maxIngestSkewMillis);
        if (c < eventTime) clamped.inc();
        if (c > maxContribution) maxContribution = c;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxContribution - outOfOrdernessMillis - 1));
    }

    private static Counter counter(MetricGroup group) {
        if (group == null) return new SimpleCounter();
        synchronized (COUNTERS) {
            return COUNTERS.computeIfAbsent(group, g -> g.counter(CLAMPED_METRIC));
        }
    }
}
