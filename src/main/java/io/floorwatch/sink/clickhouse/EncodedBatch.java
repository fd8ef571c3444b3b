package io.floorwatch.sink.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

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
    static final class Serializer implements SimpleVersionedSerializer<EncodedBatch> {
        private static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(EncodedBatch batch) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() + 64 * (batch.columns.size() + 1));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(batch.table);
            out.writeInt(batch.columns.size());
            for (String column : batch.columns) out.writeUTF(column);
            out.writeInt(batch.rows);
            out.writeInt(batch.size());
            out.write(batch.bytes(), 0, batch.size());
            out.flush();
            return bytes.toByteArray();
        }

        @Override
        public EncodedBatch deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) throw new IOException("unknown ClickHouse writer state version " + version);
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(serialized));
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
