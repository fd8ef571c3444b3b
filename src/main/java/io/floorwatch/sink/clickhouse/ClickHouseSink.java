package io.floorwatch.sink.clickhouse;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink writing records into ClickHouse over HTTP in RowBinary batches.
 *
 * <p>At-least-once towards ClickHouse, exactly-once as the dashboards see it: every row is stored or in the writer's
 * checkpoint state when a checkpoint completes, and the rows a replay re-sends are absorbed by the ReplacingMergeTree
 * keys of the schema and by deterministic insert deduplication tokens. A batch goes out when it reaches the settings'
 * rows or bytes, or their flush interval after its first row, or at a checkpoint. Inserts run on a sender thread per
 * writer, in order; with too many on their way the task waits, so a slow ClickHouse backpressures the job instead of
 * filling memory. Failures are retried as the settings' {@link io.floorwatch.sink.RetryPolicy} says, then the task
 * fails and the job restarts from its last checkpoint. A record that cannot be encoded goes to {@code rejected_events}
 * (reason {@code UNENCODABLE}).
 *
 * <p>The writer state is the batches not yet known to be stored at a checkpoint ({@link EncodedBatch}), so a checkpoint
 * never waits for ClickHouse; on restore (at any parallelism) they are sent again. A savepoint from before this state
 * (FloorWatch 1.1 and earlier) restores with none, as those checkpoints waited until everything was stored.
 *
 * @param <T> the record type; {@link RowEncoder#table} picks the table per record
 */
public final class ClickHouseSink<T> implements Sink<T>, SupportsWriterState<T, EncodedBatch> {
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
    public StatefulSinkWriter<T, EncodedBatch> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, EncodedBatch> restoreWriter(
            WriterInitContext context, Collection<EncodedBatch> unstored) throws IOException {
        return new ClickHouseSinkWriter<>(
                settings,
                encoder,
                new ClickHouseHttp(settings),
                context.getProcessingTimeService(),
                context.metricGroup(),
                unstored);
    }

    @Override
    public SimpleVersionedSerializer<EncodedBatch> getWriterStateSerializer() {
        return new EncodedBatch.Serializer();
    }
}
