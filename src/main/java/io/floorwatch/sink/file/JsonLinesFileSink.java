package io.floorwatch.sink.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends one JSON line per record to a local file: the demo's output when no ClickHouse or webhook is
 * configured. Flushed on every checkpoint and at the end. Run it with parallelism 1 (one file).
 */
public class JsonLinesFileSink<T> implements Sink<T> {
    /** A serializable record-to-JSON function. */
    public interface Encoder<T> extends Function<T, String>, Serializable {}

    private final String file;
    private final Encoder<T> encoder;

    public JsonLinesFileSink(Path file, Encoder<T> encoder) {
        this.file = file.toString();
        this.encoder = encoder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path path = Path.of(file);
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        BufferedWriter w = Files.newBufferedWriter(
                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException {
                w.write(encoder.apply(element));
                w.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
