package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The timestamp forms one by one: what java.time accepts and rejects, and which of them the fast path reads itself. */
class TimestampsTest {
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final long T = Instant.parse("2026-11-22T19:30:00.250Z").toEpochMilli();

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22T19:30:00.250Z",
                "2026-11-22t19:30:00.250z", // java.time's ISO formatters ignore case
                "2026-11-22T19:30:00.250123456Z", // nanoseconds: truncated to ms
                "2026-11-22T20:30:00.250+01:00",
                "2026-11-22T11:30:00.250-08:00",
                "2026-11-22T20:30:00.250+01", // java.time reads +HH as +HH:00
                "2026-11-22T19:30:00.250-00",
                "2026-11-22T19:30:00.250-00:00",
                "2026-11-22T11:30:00.250", // local, PST
            })
    void theFastPathReadsTheCommonShapes(String s) {
        assertEquals(T, Timestamps.fastIso(s, LA), s);
        assertEquals(T, Timestamps.parseText(s, LA), s);
        assertEquals(TimestampsPropertyTest.reference(s, LA), T, s);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22T20:30:00.250+01:00:00", // offset with seconds
                "2026-11-22T19:30:00.250000000+00:00:00",
                "2026-11-22T19:30Z", // no seconds
                "2026-11-22T19:30:00.Z", // a bare decimal point: java.time takes it
            })
    void otherShapesJavaTimeAcceptsAreLeftToIt(String s) {
        assertEquals(Long.MIN_VALUE, Timestamps.fastIso(s, LA), s);
        Long want = TimestampsPropertyTest.reference(s, LA);
        assertEquals(want, Timestamps.parseText(s, LA), s);
        assertEquals(s.contains(".250") ? T : ms("2026-11-22T19:30:00Z"), want, s);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22 19:30:00.250Z", // a space for the T (the fast path used to accept it)
                "2026-11-22 11:30:00.250",
                "2026-11-22T20:30:00.250+0100", // ±HHMM (the fast path used to accept it)
                "2026-11-22T11:30:00.250-0800",
                "2026-11-22T19:30:00.\u0662\u0665\u0660Z", // Arabic-Indic digits in the fraction (used to be accepted)
                "2026-11-22T19:30:00.2\uFF155Z", // a full-width digit in the fraction
                "2026-11-22T19:30:00.25\u0966", // a Devanagari digit ending a local time
                "\uFF12026-11-22T19:30:00Z",
                "2026-11-22T19:30:00.250+01:00Z",
                "2026-11-22T19:30:00.1234567890Z", // 10 fraction digits
                "2026-11-22T19:30:00+18:01", // beyond ±18:00
                "2026-11-22T19:30:00+19",
                "2026-11-22T19:30:00+1:00",
                "2026-11-22T24:00:00Z",
                "2026-11-22T23:59:60Z",
                "2026-02-29T00:00:00Z",
                "2026-04-31T00:00:00",
                "2026-11-22T19:30:00Z ",
                "+999999999-12-31T23:59:59Z", // a valid OffsetDateTime, but no long of epoch milliseconds
                "1234567890123456", // epoch millis: at most 15 digits
                "",
            })
    void rejectsWhatJavaTimeRejects(String s) {
        assertNull(TimestampsPropertyTest.reference(s, LA), s);
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parseText(s, LA), s);
    }

    @Test
    void localTimesInTheDaylightSavingGapMoveForwardAndInTheOverlapTakeTheEarlierOffset() {
        // 2026-03-08 02:30 does not exist in Los Angeles: java.time moves it one hour on, to 03:30 PDT
        assertEquals(ms("2026-03-08T10:30:00Z"), Timestamps.parseText("2026-03-08T02:30:00", LA));
        assertEquals(ms("2026-03-08T10:30:00.999Z"), Timestamps.parseText("2026-03-08T02:30:00.999", LA));
        // 2026-11-01 01:30 happens twice: the first (PDT, -07:00) is taken
        assertEquals(ms("2026-11-01T08:30:00Z"), Timestamps.parseText("2026-11-01T01:30:00", LA));
        assertEquals(ms("2026-11-01T09:30:00Z"), Timestamps.parseText("2026-11-01T01:30:00-08:00", LA));
        assertNotEquals(
                Long.MIN_VALUE, Timestamps.fastIso("2026-03-08T02:30:00", LA), "the fast path reads local times");
    }

    @Test
    void digitStringsAreEpochMilliseconds() {
        assertEquals(1795375800250L, Timestamps.parseText("1795375800250", LA));
        assertEquals(0L, Timestamps.parseText("0", LA));
        assertEquals(999_999_999_999_999L, Timestamps.parseText("999999999999999", LA));
    }
}
