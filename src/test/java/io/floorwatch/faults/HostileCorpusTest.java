package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.event.Source;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The hostile corpus against the parser alone: every case gets the outcome the corpus says (fast; the job test relies on it). */
@Tag("faults")
class HostileCorpusTest {
    @Test
    void everyCaseGetsItsExpectedOutcome() {
        long now = Instant.now().toEpochMilli();
        EventParser parser = new EventParser(5 * 60_000L, 10_000_000_00L, 1 << 20, ZoneId.of("UTC"));
        int offset = 0;
        for (HostileCorpus.Case c : HostileCorpus.corpus(Instant.now().minusSeconds(3600), 1, true)) {
            ParsedRecord r = parser.parse(new RawRecord(Source.SLOT, "hostile", 0, offset++, now, c.payload()), now);
            if (c.reason() == null) {
                assertTrue(r.isValid(), () -> HostileCorpus.describe(c) + " -> " + r.rejected);
                assertEquals(c.eventId(), r.event.eventId, c.kind());
            } else {
                assertNotNull(r.rejected, () -> HostileCorpus.describe(c) + " must be rejected");
                assertEquals(
                        c.reason().name(),
                        r.rejected.reason(),
                        () -> HostileCorpus.describe(c) + ": " + r.rejected.message());
                assertTrue(
                        r.rejected.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                                <= RejectedEvent.MAX_PAYLOAD_BYTES + 8,
                        "stored payload cut to 64 KiB");
            }
        }
    }
}
