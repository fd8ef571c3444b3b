package io.floorwatch.sink.clickhouse;

import io.floorwatch.sink.WriterStateSerializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One insert: a table's rows encoded in RowBinary, as sent. Unchanged from the moment it is made until it is stored;
 * {@link ClickHouseSink}'s writer keeps it in its checkpoint state until then, so that a checkpoint never waits for
 * ClickHouse. Sent again after a restore, the same bytes carry the same deduplication token: ClickHouse drops a batch it
 * has already stored.
 */
record EncodedBatch(String table, List<String> columns, int rows, BatchBuffer buffer) {

    /** The encoded rows; valid up to {@link #size()}. */
    byte[] bytes() {
        return buffer.array();
    }

    int size() {
        return buffer.size();
    }

    /** The writer state's format: table, columns, row count, then the RowBinary bytes as they are sent. */
    static final class Serializer extends WriterStateSerializer<EncodedBatch> {
        Serializer() {
            super(1, "ClickHouse writer state");
        }

        @Override
        protected int sizeHint(EncodedBatch batch) {
            return batch.size() + 64 * (batch.columns.size() + 1);
        }

        @Override
        protected void write(EncodedBatch batch, DataOutputStream out) throws IOException {
            out.writeUTF(batch.table);
            out.writeInt(batch.columns.size());
            for (String column : batch.columns) out.writeUTF(column);
            out.writeInt(batch.rows);
            out.writeInt(batch.size());
            out.write(batch.bytes(), 0, batch.size());
        }

        @Override
        protected EncodedBatch read(DataInputStream in) throws IOException {
            String table = in.readUTF();
            int columnCount = in.readInt();
            List<String> columns = new ArrayList<>(columnCount);
            for (int i = 0; i < columnCount; i++) columns.add(in.readUTF());
            int rows = in.readInt();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new EncodedBatch(table, List.copyOf(columns), rows, BatchBuffer.holding(body));
        }
    }
}
