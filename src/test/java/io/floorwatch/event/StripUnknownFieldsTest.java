package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class StripUnknownFieldsTest {
    @Test
    void rulesGetACopyWithoutTheUnknownFieldsAndTheRawTablesKeepThem() throws Exception {
        FloorEvent e = FloorEventSerializerTest.everyFieldSet();
        String extra = e.extra;
        FloorEvent slim = new StripUnknownFields().map(e);
        assertNull(slim.extra);
        assertEquals(extra, e.extra, "the record the raw sinks read is not changed");
        slim.extra = extra;
        FloorEventSerializerTest.assertSameFields(e, slim);
    }

    @Test
    void anEventWithoutUnknownFieldsPassesAsItIs() throws Exception {
        FloorEvent e = new FloorEvent();
        assertSame(e, new StripUnknownFields().map(e));
    }
}
