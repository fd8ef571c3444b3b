package io.floorwatch.sink.clickhouse;

import java.util.List;

/**
 * A {@link RowEncoder} that can also write RowBinary, which the sink then prefers (cheaper for
 * ClickHouse and for the job). The JSON encoding stays the reference: tests check both give the same rows.
 */
public interface RowBinaryEncoder<T> extends RowEncoder<T> {

    /** The columns {@link #encodeBinary} writes for records of {@code table}, in order. */
    List<String> columns(String table);

    void encodeBinary(T record, RowBinaryOutput out);
}
