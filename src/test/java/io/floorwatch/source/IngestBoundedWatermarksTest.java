package io.floorwatch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RejectedEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

/** The generator alone: what each event may add to the watermark, and what is counted. */
class IngestBoundedWatermarksTest {
    static final long T = 1_780_000_000_000L;

    static ParsedRecord event(long eventTime, long ingestTime) {
        FloorEvent e = new FloorEvent();
        e.eventTime = eventTime;
        e.ingestTime = ingestTime;
        return ParsedRecord.valid(e);
    }

    static final class LastWatermark implements WatermarkOutput {
        long last = Long.MIN_VALUE;

        @Override
        public void emitWatermark(Watermark watermark) {
            last = watermark.getTimestamp();
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void aFastClockPushesTheWatermarkOnlyToItsIngestTimePlusTheSkew() {
        SimpleCounter clamped = new SimpleCounter();
        IngestBoundedWatermarks g = new IngestBoundedWatermarks(Duration.ofSeconds(5), Duration.ofSeconds(5), clamped);
        LastWatermark out = new LastWatermark();
        g.onEvent(event(T, T + 200), T, out); // on time, normal delivery delay
        g.onPeriodicEmit(out);
        assertEquals(T - 5_000 - 1, out.last);
        g.onEvent(event(T + 600_000, T + 1_000), T + 600_000, out); // device clock 10 min fast
        g.onPeriodicEmit(out);
        assertEquals(
                T + 1_000 + 5_000 - 5_000 - 1, out.last, "bounded by ingest time + skew, not the event's own time");
        assertEquals(1, clamped.getCount());
        g.onEvent(event(T + 2_000, T + 2_500), T + 2_000, out); // the floor goes on
        g.onPeriodicEmit(out);
        assertEquals(
                T + 6_000 - 5_000 - 1,
                out.last,
                "the clamped contribution (T+6s) still leads: honest events move it on from there");
        assertEquals(1, clamped.getCount(), "honest events are not counted");
    }

    @Test
    void oldDataAndRecordsWithoutIngestTimeUseTheirEventTime() {
        SimpleCounter clamped = new SimpleCounter();
        IngestBoundedWatermarks g = new IngestBoundedWatermarks(Duration.ofSeconds(5), Duration.ofSeconds(5), clamped);
        LastWatermark out = new LastWatermark();
        long oldDay = T - Duration.ofDays(30).toMillis();
        g.onEvent(event(oldDay, T), oldDay, out); // a replay of last month's file, read now
        g.onPeriodicEmit(out);
        assertEquals(oldDay - 5_001, out.last);
        g.onEvent(event(oldDay + 60_000, 0), oldDay + 60_000, out); // no ingest time (e.g. Kafka NO_TIMESTAMP -1 or 0)
        g.onEvent(event(oldDay + 120_000, -1), oldDay + 120_000, out);
        g.onPeriodicEmit(out);
        assertEquals(oldDay + 120_000 - 5_001, out.last);
        g.onEvent(ParsedRecord.rejected(new RejectedEvent(0, null, null, 0, 0, null, null, null)), Long.MIN_VALUE, out);
        g.onPeriodicEmit(out);
        assertEquals(oldDay + 120_000 - 5_001, out.last, "a rejected record moves nothing");
        assertEquals(0, clamped.getCount());
    }

    @Test
    void contributionIsTheSmallerOfEventTimeAndIngestPlusSkew() {
        assertEquals(T + 5_000, IngestBoundedWatermarks.contribution(T + 600_000, T, 5_000));
        assertEquals(T - 1, IngestBoundedWatermarks.contribution(T - 1, T, 5_000));
        assertEquals(T + 5_000, IngestBoundedWatermarks.contribution(T + 5_000, T, 5_000));
        assertEquals(T, IngestBoundedWatermarks.contribution(T, 0, 5_000));
        assertEquals(
                Long.MAX_VALUE - 1,
                IngestBoundedWatermarks.contribution(Long.MAX_VALUE - 1, Long.MAX_VALUE - 10, 5_000));
    }
}
