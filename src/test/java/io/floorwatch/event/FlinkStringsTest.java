package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** FlinkStrings writes exactly Flink's bytes and reads Flink's bytes back, so no state or savepoint changes format. */
class FlinkStringsTest {
    @Test
    void theSameBytesAsFlinkBothWays() throws Exception {
        for (String s : strings()) {
            DataOutputSerializer flink = new DataOutputSerializer(64);
            StringValue.writeString(s, flink);
            flink.writeInt(42); // what follows the string must be where the reader stops
            DataOutputSerializer ours = new DataOutputSerializer(64);
            FlinkStrings.write(s, ours);
            ours.writeInt(42);
            String what = s == null ? "null" : "a string of " + s.length() + " chars starting " + head(s);
            assertArrayEquals(flink.getCopyOfBuffer(), ours.getCopyOfBuffer(), what);

            DataInputDeserializer in = new DataInputDeserializer(flink.getCopyOfBuffer());
            assertEquals(s, FlinkStrings.read(in), what);
            assertEquals(42, in.readInt(), what + ": read to its end and no further");
        }
    }

    private static List<String> strings() {
        List<String> all = new ArrayList<>(List.of(
                "",
                "a",
                "SM-0042",
                "evt-\u007f",
                "\u0080",
                "caf\u00e9",
                "\u00e9t\u00e9 at the bar",
                "table \u5361\u5730\u8bfa",
                "emoji \ud83c\udfb0 slot",
                "\ud800",
                "lone \udc00 surrogate",
                "?",
                "\u0000nul",
                "\uffff",
                "x".repeat(127),
                "x".repeat(128),
                "y".repeat(16_384),
                "\u00e9".repeat(3_000) + "tail"));
        all.add(null);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++)
                chars[j] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x80));
            all.add(new String(chars));
        }
        return all;
    }

    private static String head(String s) {
        return s.substring(0, Math.min(12, s.length()));
    }
}
