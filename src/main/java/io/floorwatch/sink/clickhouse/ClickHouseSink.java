package io.floorwatch.sink.clickhouse;

import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink writing records into ClickHouse over HTTP in RowBinary batches.
 *
 * <p>At-least-once towards ClickHouse, exactly-once as the dashboards see it: every buffered row is
 * sent before a checkpoint completes ({@code flush} on the checkpoint barrier and at end of input), and
 * the rows a replay re-sends are absorbed by the ReplacingMergeTree keys of the schema and by
 * deterministic insert deduplication tokens. A batch goes out when it reaches the settings' rows or
 * bytes, or their flush interval after its first row. Inserts are synchronous in the task thread, so a
 * slow ClickHouse backpressures the job instead of filling memory; failures are retried as the settings'
 * {@link io.floorwatch.sink.RetryPolicy} says, then the task fails and the job restarts from its last
 * checkpoint. A record that cannot be encoded goes to {@code rejected_events} (reason {@code UNENCODABLE}).
 *
 * <p>Stateless: no writer state to checkpoint, any parallelism, and the uid of the sink operator is
 * free to change.
 *
 * @param <T> the record type; {@link RowEncoder#table} picks the table per record
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseClientSettings settings;
    private final RowEncoder<T> encoder;

    public ClickHouseSink(ClickHouseClientSettings settings, RowEncoder<T> encoder) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    public ClickHouseClientSettings settings() {
        return settings;
    }

    public RowEncoder<T> encoder() {
        return encoder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new ClickHouseSinkWriter<>(
                settings,
                encoder,
                new ClickHouseHttp(settings),
                context.getProcessingTimeService(),
                context.metricGroup());
    }
}
