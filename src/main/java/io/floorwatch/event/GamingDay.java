package io.floorwatch.event;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The casino's gaming day (SPEC §5): it runs from {@code casino.gaming-day-start} local time to the same
 * local time the next day, in {@code casino.timezone}, and is labelled with the local date it starts on.
 * With the default 06:00, an event at local 05:59 belongs to the previous gaming day.
 *
 * <p>Boundaries are computed as instants ({@link ZonedDateTime#of}), so a gaming day that contains a DST
 * change is 23 or 25 hours long, as the clocks on the floor say. A start time that falls into a DST gap
 * (e.g. 02:30 on a spring-forward day) is moved forward by the gap, and one in an overlap takes the earlier
 * offset (java.time's rules); with 06:00 neither ever happens in US zones.
 */
public final class GamingDay implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ZoneId zone;
    private final LocalTime start;

    public GamingDay(ZoneId zone, LocalTime start) {
        this.zone = Objects.requireNonNull(zone);
        this.start = Objects.requireNonNull(start);
    }

    /** The gaming day the instant (epoch ms) belongs to. */
    public LocalDate of(long epochMillis) {
        Range last = recent;
        if (last != null && epochMillis >= last.start && epochMillis < last.end) return last.day;
        Instant t = Instant.ofEpochMilli(epochMillis);
        LocalDate localDate = t.atZone(zone).toLocalDate();
        LocalDate day = t.isBefore(startInstant(localDate)) ? localDate.minusDays(1) : localDate;
        recent = new Range(day, startOf(day), endOf(day));
        return day;
    }

    /** The day asked last and its bounds: nearly every event of an operator falls in the same gaming day. */
    private record Range(LocalDate day, long start, long end) {}

    private transient Range recent; // an immutable record: safe to share between threads without a lock

    /** First instant (epoch ms) of the gaming day. */
    public long startOf(LocalDate gamingDay) {
        return startInstant(gamingDay).toEpochMilli();
    }

    /** First instant (epoch ms) after the gaming day: the start of the next one. */
    public long endOf(LocalDate gamingDay) {
        return startOf(gamingDay.plusDays(1));
    }

    public ZoneId zone() {
        return zone;
    }

    private Instant startInstant(LocalDate day) {
        return ZonedDateTime.of(day, start, zone).toInstant();
    }

    @Override
    public String toString() {
        return "GamingDay[" + start + " " + zone + "]";
    }
}
