package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.StreamFilter;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.junit.jupiter.api.Test;

/**
 * Only operators that keep keyed state are keyed. A keyed operator sets the key of every event it receives (for
 * RocksDB: serializes it) and has a state backend of its own, flushed at every checkpoint; the rules' filters on the
 * per-entity stream were keyed that way, a tenth of the per-entity task's CPU.
 */
class KeyedOperatorsTest {
    @Test
    void noFilterOrMapIsKeyed() {
        StreamGraph graph = OperatorUidTest.fullGraph(OperatorUidTest.kafkaConfig());
        List<String> keyed = graph.getStreamNodes().stream()
                .filter(n -> n.getStateKeySerializer() != null)
                .filter(KeyedOperatorsTest::isStateless)
                .map(StreamNode::getOperatorName)
                .toList();
        assertEquals(List.of(), keyed, "stateless operators that are keyed");
        assertTrue(
                graph.getStreamNodes().stream()
                        .anyMatch(n -> n.getOperatorName().equals("per entity") && n.getStateKeySerializer() != null),
                "the per-entity operator is keyed");
    }

    private static boolean isStateless(StreamNode node) {
        Class<?> operator = node.getOperatorFactory() == null
                ? null
                : node.getOperatorFactory().getStreamOperatorClass(KeyedOperatorsTest.class.getClassLoader());
        return operator != null
                && (StreamFilter.class.isAssignableFrom(operator)
                        || StreamMap.class.isAssignableFrom(operator)
                        || StreamFlatMap.class.isAssignableFrom(operator));
    }
}
