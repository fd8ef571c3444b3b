package io.floorwatch.source;

import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * One event per line (JSONL), kept as raw bytes so that invalid UTF-8 reaches validation and is rejected
 * there. The line number (from 1) is the record's offset, partition 0. Blank lines are skipped. On restore,
 * Flink re-reads and skips the records already emitted, so line numbers stay right.
 */
public class JsonLinesFormat extends SimpleStreamFormat<RawRecord> {
    private final Source source;
    private final String name;

    public JsonLinesFormat(Source source, String name) {
        this.source = source;
        this.name = name;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
        InputStream in = new BufferedInputStream(stream, 64 * 1024);
        return new StreamFormat.Reader<>() {
            private long line;

            @Override
            public RawRecord read() throws IOException {
                while (true) {
                    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
                    int b;
                    boolean any = false;
                    while ((b = in.read()) != -1) {
                        any = true;
                        if (b == '\n') break;
                        buf.write(b);
                    }
                    if (!any) return null;
                    line++;
                    byte[] bytes = buf.toByteArray();
                    int len = bytes.length;
                    if (len > 0 && bytes[len - 1] == '\r') len--;
                    if (isBlank(bytes, len)) continue;
                    byte[] payload = len == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, len);
                    return new RawRecord(source, name, 0, line, System.currentTimeMillis(), payload);
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != ' ' && b[i] != '\t') return false;
        }
        return true;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
