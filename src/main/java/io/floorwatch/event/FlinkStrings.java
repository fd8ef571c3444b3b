package io.floorwatch.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Strings in Flink's own format ({@code StringValue.writeString}: the length plus one, then each char, all as 7-bit
 * varints; 0 is null), byte for byte, so state and savepoints written either way read the same. Flink reads and writes
 * that format one virtual call per byte; a profile of the benchmark put that at a sixth of the job's CPU, on the
 * events' ids, types and entity ids crossing the shuffle. Here an ASCII string, which is nearly every one on a floor,
 * is one bulk copy each way; any other char takes Flink's path from where it starts.
 */
final class FlinkStrings {
    private FlinkStrings() {}

    static void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int length = s.length();
        varint(length + 1, out);
        int ascii = 0;
        while (ascii < length && s.charAt(ascii) < 0x80) ascii++;
        if (ascii == length) {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        if (ascii > 0) out.write(s.substring(0, ascii).getBytes(StandardCharsets.ISO_8859_1));
        for (int i = ascii; i < length; i++) varint(s.charAt(i), out);
    }

    static String read(DataInputView in) throws IOException {
        int length = varint(in.readUnsignedByte(), in);
        if (length == 0) return null;
        length--;
        // every char takes at least one byte: reading `length` bytes never reads past the string
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        int ascii = 0;
        while (ascii < length && bytes[ascii] >= 0) ascii++;
        if (ascii == length) return new String(bytes, StandardCharsets.ISO_8859_1);
        char[] chars = new char[length];
        for (int i = 0; i < ascii; i++) chars[i] = (char) bytes[i];
        int[] at = {ascii};
        for (int i = ascii; i < length; i++) {
            int first = nextByte(bytes, at, in);
            int c = first & 0x7F;
            for (int shift = 7, b = first; b >= 0x80; shift += 7) {
                b = nextByte(bytes, at, in);
                c |= (b & 0x7F) << shift;
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    private static int nextByte(byte[] read, int[] at, DataInputView in) throws IOException {
        return at[0] < read.length ? read[at[0]++] & 0xFF : in.readUnsignedByte();
    }

    private static void varint(int value, DataOutputView out) throws IOException {
        while (value >= 0x80) {
            out.writeByte(value & 0x7F | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /** The rest of a varint whose first byte was {@code first}. */
    private static int varint(int first, DataInputView in) throws IOException {
        if (first < 0x80) return first;
        int value = first & 0x7F;
        for (int shift = 7; ; shift += 7) {
            int b = in.readUnsignedByte();
            if (b < 0x80) return value | b << shift;
            value |= (b & 0x7F) << shift;
        }
    }
}
