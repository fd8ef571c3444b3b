package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator;
import org.junit.jupiter.api.Test;

/**
 * A jackpot's way to the webhook: from the floor clock's first half, never through the per-entity chain, whose
 * checkpoints flush a RocksDB per keyed operator in the task thread (and held jackpots up for the length of it).
 */
class JackpotPathTest {
    @Test
    void theJackpotRuleReadsTheFloorClockNotThePerEntityChain() {
        JobGraph job =
                StreamingJobGraphGenerator.createJobGraph(OperatorUidTest.fullGraph(OperatorUidTest.kafkaConfig()));
        List<JobVertex> rules = job.getVerticesSortedTopologicallyFromSources().stream()
                .filter(v -> v.getName().startsWith("rule: JACKPOT"))
                .toList();
        assertEquals(1, rules.size(), "one JACKPOT rule vertex");
        List<String> upstream = rules.get(0).getInputs().stream()
                .map(edge -> edge.getSource().getProducer().getName())
                .toList();
        assertTrue(
                upstream.stream().anyMatch(n -> n.startsWith("floor clock") && n.contains("JACKPOT filter")),
                "the JACKPOT filter is chained to the floor clock: " + upstream);
        assertTrue(
                upstream.stream().noneMatch(n -> n.contains("per entity")),
                "not after the per-entity operator: " + upstream);
    }
}
