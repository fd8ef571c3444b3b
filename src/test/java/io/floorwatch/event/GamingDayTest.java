package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GamingDayTest {
    private static long at(String isoInstant) {
        return java.time.Instant.parse(isoInstant).toEpochMilli();
    }

    private final GamingDay day = new GamingDay(ZoneId.of("America/Los_Angeles"), LocalTime.of(6, 0));

    @Test
    @DisplayName("31 CFR 1021.313 gaming day: local 05:59 belongs to the previous gaming day, 06:00 starts the new one")
    void boundaryAtSixLocal() {
        assertEquals(LocalDate.parse("2026-11-21"), day.of(at("2026-11-22T13:59:59.999Z"))); // 05:59:59.999 PST
        assertEquals(LocalDate.parse("2026-11-22"), day.of(at("2026-11-22T14:00:00Z"))); // 06:00 PST
        assertEquals(LocalDate.parse("2026-11-22"), day.of(at("2026-11-23T13:59:00Z"))); // 05:59 next morning
    }

    @Test
    @DisplayName("Gaming day with the fall-back DST change is 25 h: 2026-10-31 06:00 PDT to 2026-11-01 06:00 PST")
    void fallBackDayIs25Hours() {
        LocalDate d = LocalDate.parse("2026-10-31");
        assertEquals(at("2026-10-31T13:00:00Z"), day.startOf(d));
        assertEquals(at("2026-11-01T14:00:00Z"), day.endOf(d));
        // 05:30 PST on Nov 1 is 13:30Z: a fixed PDT offset would call it 06:30 and the next day.
        assertEquals(d, day.of(at("2026-11-01T13:30:00Z")));
        assertEquals(LocalDate.parse("2026-11-01"), day.of(at("2026-11-01T14:00:00Z")));
    }

    @Test
    @DisplayName("Gaming day with the spring-forward DST change is 23 h: 2026-03-07 06:00 PST to 2026-03-08 06:00 PDT")
    void springForwardDayIs23Hours() {
        LocalDate d = LocalDate.parse("2026-03-07");
        assertEquals(at("2026-03-07T14:00:00Z"), day.startOf(d));
        assertEquals(at("2026-03-08T13:00:00Z"), day.endOf(d));
        assertEquals(LocalDate.parse("2026-03-08"), day.of(at("2026-03-08T13:30:00Z"))); // 06:30 PDT
        assertEquals(d, day.of(at("2026-03-08T12:59:59Z"))); // 05:59:59 PDT
    }

    @Test
    @DisplayName("A gaming-day start inside a DST gap (02:30 on spring-forward day) moves forward by the gap")
    void startInsideGap() {
        GamingDay early = new GamingDay(ZoneId.of("America/Los_Angeles"), LocalTime.of(2, 30));
        // 2026-03-08 02:30 PST does not exist: the day starts at 03:30 PDT = 10:30Z.
        assertEquals(at("2026-03-08T10:30:00Z"), early.startOf(LocalDate.parse("2026-03-08")));
        assertEquals(LocalDate.parse("2026-03-07"), early.of(at("2026-03-08T10:15:00Z")));
    }

    @Test
    @DisplayName("The remembered last day never answers for an instant outside it (random instants over DST changes)")
    void rememberedDayAgreesWithAFreshComputation() {
        java.util.Random r = new java.util.Random(7);
        long from = at("2026-03-01T00:00:00Z"), span = at("2026-12-01T00:00:00Z") - from;
        for (int i = 0; i < 20_000; i++) {
            // mostly close to the previous instant (as events are), sometimes anywhere
            long t = from + (long) (r.nextDouble() * span);
            for (int k = 0; k < 3; k++, t += r.nextInt(7_200_000)) {
                GamingDay fresh = new GamingDay(ZoneId.of("America/Los_Angeles"), LocalTime.of(6, 0));
                assertEquals(fresh.of(t), day.of(t), "at " + java.time.Instant.ofEpochMilli(t));
            }
        }
    }
}
