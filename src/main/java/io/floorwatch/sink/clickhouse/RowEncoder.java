package io.floorwatch.sink.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns one record into one row of a ClickHouse table, as a JSONEachRow object.
 *
 * <p>The table is chosen per record, so one sink can serve a type that spreads over several tables
 * ({@link RowEncoders.FloorEventEncoder} routes by {@code FloorEvent.source} to the four raw tables).
 * Encoders must be deterministic (same record, same bytes): the sink's insert deduplication token is
 * a hash of the batch content, so a retried batch is recognised by ClickHouse.
 */
public interface RowEncoder<T> extends Serializable {

    /** The table this record goes to, without the database. */
    String table(T record);

    /** Writes the row as one JSON object (start and end included), column names as keys. */
    void encode(T record, JsonGenerator json) throws IOException;
}
