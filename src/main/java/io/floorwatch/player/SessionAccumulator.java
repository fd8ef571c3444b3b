package io.floorwatch.player;

import io.floorwatch.event.StateSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Running totals of one player session window. A Flink POJO (window state without Kryo). */
public class SessionAccumulator {
    public long firstGame = Long.MAX_VALUE;
    public long lastGame = Long.MIN_VALUE;
    public long coinInCents;
    public long games;

    public SessionAccumulator() {}

    /** Field by field ({@link StateSerializer}). */
    public static final class Serializer extends StateSerializer<SessionAccumulator> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public SessionAccumulator createInstance() {
            return new SessionAccumulator();
        }

        @Override
        public void serialize(SessionAccumulator s, DataOutputView out) throws IOException {
            out.writeLong(s.firstGame);
            out.writeLong(s.lastGame);
            out.writeLong(s.coinInCents);
            out.writeLong(s.games);
        }

        @Override
        public SessionAccumulator deserialize(DataInputView in) throws IOException {
            SessionAccumulator s = new SessionAccumulator();
            s.firstGame = in.readLong();
            s.lastGame = in.readLong();
            s.coinInCents = in.readLong();
            s.games = in.readLong();
            return s;
        }

        @Override
        public TypeSerializerSnapshot<SessionAccumulator> snapshotConfiguration() {
            return new Snapshot();
        }

        public static final class Snapshot extends StateSerializer.Snapshot<SessionAccumulator> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
