package io.floorwatch.sink.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import io.floorwatch.event.RejectReason;
import io.floorwatch.event.RejectedEvent;
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

    /**
     * The {@code rejected_events} row for a record this encoder could not encode, so that one odd value never stops a
     * sink (and with it the job's output). Derived rows have no Kafka position: {@code topic} names the table and
     * {@code offset} is a hash of the record, so a replay the same day replaces the row.
     */
    default RejectedEvent unencodable(T record, String table, Exception error) {
        String text = String.valueOf(record);
        return new RejectedEvent(
                System.currentTimeMillis(),
                null,
                table,
                -1,
                text.hashCode(),
                RejectReason.UNENCODABLE.name(),
                "could not encode a row of " + table + ": " + error,
                text);
    }
}
