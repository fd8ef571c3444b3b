package io.floorwatch.control;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Source;

/**
 * What the control stream of one run reads, decided in the client before the graph is built (see
 * {@link ControlBootstrap}): the values in force at start, the position they were read up to, and the records the
 * job audits and follows.
 *
 * @param initialSettings control-topic values in force at start (canonical key to value; null = deleted offers key)
 * @param initialWatchlist ACTIVE watchlist entries at start (player id to list)
 * @param ends per {@code topic/partition}, the end offset (exclusive) read at start: the job applies nothing below it
 *             again (it is in the initial values) and audits everything
 * @param kafka the live source of both topics (from the earliest offset), or null outside Kafka mode
 * @param records the whole control and watchlist streams when they are not followed live (bounded runs, files mode, the simulator)
 */
public record ControlInputs(
        Map<String, String> initialSettings,
        Map<String, String> initialWatchlist,
        Map<String, Long> ends,
        Source<ControlRecord, ?, ?> kafka,
        List<ControlRecord> records) {

    /** No control topic and no watchlist: the configuration alone is in force. */
    public static ControlInputs none() {
        return new ControlInputs(
                Collections.emptyMap(), Collections.emptyMap(), Collections.emptyMap(), null, List.of());
    }
}
