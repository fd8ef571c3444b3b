package io.floorwatch.sink.clickhouse;

import io.floorwatch.event.RejectReason;
import io.floorwatch.event.RejectedEvent;
import java.io.Serializable;
import java.util.List;

/**
 * Turns one record into one row of a ClickHouse table, in RowBinary. The encoders of FloorWatch's records are in
 * {@link ClickHouseSinks}, each derived from the {@link Columns} of its table.
 *
 * <p>The table is chosen per record, so one sink can serve a type that spreads over several tables (the floor events
 * go to the four raw tables by {@code FloorEvent.source}). Encoders must be deterministic (same record, same bytes):
 * the sink's insert deduplication token is a hash of the batch content, so a retried batch is recognised by
 * ClickHouse.
 */
public interface RowEncoder<T> extends Serializable {

    /** The table this record goes to, without the database. */
    String table(T record);

    /** The columns {@link #encode} writes for records of {@code table}, in order. */
    List<String> columns(String table);

    /** Writes the row; throws when a value does not fit its column. */
    void encode(T record, RowBinaryOutput out);

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

    /** Every record into {@code table}. */
    static <T> RowEncoder<T> into(String table, Columns<T> columns) {
        return new TableEncoder<>(table, columns);
    }

    /** The encoder of a record type that has one table. */
    record TableEncoder<T>(String table, Columns<T> columns) implements RowEncoder<T> {
        @Override
        public String table(T record) {
            return table;
        }

        @Override
        public List<String> columns(String ofTable) {
            return columns.names();
        }

        @Override
        public void encode(T record, RowBinaryOutput out) {
            columns.write(record, out);
        }
    }
}
