package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator;
import org.junit.jupiter.api.Test;

/**
 * A jackpot's way to the webhook: a read of the slot topic of its own, never through the floor clock or the per-entity
 * chain. Both wait for the per-entity task's checkpoints (a RocksDB flush per keyed operator in the task thread) and its
 * backlog after them: the floor clock through backpressure, and with it the slot source it shares.
 */
class JackpotPathTest {
    @Test
    void theJackpotRuleReadsTheSlotTopicOfItsOwn() {
        JobGraph job =
                StreamingJobGraphGenerator.createJobGraph(OperatorUidTest.fullGraph(OperatorUidTest.kafkaConfig()));
        List<JobVertex> rules = job.getVerticesSortedTopologicallyFromSources().stream()
                .filter(v -> v.getName().startsWith("rule: JACKPOT"))
                .toList();
        assertEquals(1, rules.size(), "one JACKPOT rule vertex");
        List<String> upstream = rules.get(0).getInputs().stream()
                .map(edge -> edge.getSource().getProducer().getName())
                .toList();
        List<String> reads = upstream.stream()
                .filter(n -> n.startsWith("Source: source: slot (payouts)") && n.contains("JACKPOT filter"))
                .toList();
        assertEquals(
                1, reads.size(), "the JACKPOT filter is chained to the payouts read of the slot topic: " + upstream);
        JobVertex read = job.getVerticesSortedTopologicallyFromSources().stream()
                .filter(v -> v.getName().equals(reads.get(0)))
                .findFirst()
                .orElseThrow();
        assertTrue(read.isInputVertex(), "the payouts read is a source of its own, fed by nothing: " + read.getName());
        assertEquals(
                1,
                read.getProducedDataSets().size(),
                "the payouts read feeds the JACKPOT rule alone: " + read.getProducedDataSets());
    }
}
