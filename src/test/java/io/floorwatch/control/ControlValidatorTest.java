package io.floorwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.Source;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.CollectingSink;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The job's control reader: audits everything, applies only past the start position, keeps both across a restore. */
class ControlValidatorTest {
    static final FloorWatchConfig CFG = FloorWatchConfig.of(Map.of("kafka.bootstrap-servers", "127.0.0.1:9"));

    static OneInputStreamOperatorTestHarness<ControlRecord, ControlUpdate> harness(
            Map<String, Long> ends, OperatorSubtaskState restore) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ControlValidator(CFG, ends)));
        h.setup();
        h.initializeState(restore);
        h.open();
        return h;
    }

    static ControlRecord change(long offset, String id, String value) {
        return ControlRecord.of(
                Source.CONTROL,
                "floorwatch-control",
                0,
                offset,
                1000 + offset,
                "rules.jackpot.threshold",
                "{\"change_id\":\"" + id + "\",\"key\":\"rules.jackpot.threshold\",\"value\":\"" + value + "\"}");
    }

    @Test
    void auditsEverythingAppliesPastTheStartAndKeepsItsStartAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(Map.of("floorwatch-control/0", 2L), null)) {
            h.processElement(change(0, "c-0", "1300"), 0); // below the start position: in the start values already
            h.processElement(change(1, "c-1", "1400"), 0);
            snapshot = h.snapshot(1, 1);
            h.processElement(change(2, "c-2", "1500"), 0); // past it: applied live
            assertEquals(
                    List.of("SETTING[rules.jackpot.threshold=1500 @2]"),
                    h.extractOutputValues().stream().map(Object::toString).toList());
            List<String> audit = h.getSideOutput(ControlValidator.RULE_CHANGES).stream()
                    .map(r -> r.getValue().changeId + ":" + r.getValue().oldValue + "->" + r.getValue().newValue)
                    .toList();
            assertEquals(List.of("c-0:1200->1300", "c-1:1300->1400", "c-2:1400->1500"), audit);
        }
        // restored after a failure at offset 1 (checkpointed before c-1 was read again), with the start position of a
        // new
        // bootstrap (5): the restored operators' values came with the first run, so the first run's position (2) holds
        try (var h = harness(Map.of("floorwatch-control/0", 5L), snapshot)) {
            h.processElement(change(1, "c-1", "1400"), 0); // replayed: already seen, nothing
            h.processElement(change(2, "c-2", "1500"), 0);
            assertEquals(
                    List.of("SETTING[rules.jackpot.threshold=1500 @2]"),
                    h.extractOutputValues().stream().map(Object::toString).toList());
            var audit = h.getSideOutput(ControlValidator.RULE_CHANGES);
            assertEquals(1, audit.size());
            assertEquals("1400", audit.peek().getValue().oldValue, "old_value from the checkpointed values");
        }
    }

    @Test
    void theKafkaControlPathHasStableUniqueUids() {
        FloorWatchConfig cfg = FloorWatchConfig.of(
                Map.of("kafka.bootstrap-servers", "127.0.0.1:9", "clickhouse.url", "http://127.0.0.1:9"));
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        Outputs outputs = ConfiguredOutputs.create(cfg);
        outputs.ruleChanges.add(Outputs.named("t", new CollectingSink<>()));
        ControlInputs inputs = new ControlInputs(
                Map.of("rules.jackpot.threshold", "1500"),
                Map.of("P-1", "BANNED"),
                Map.of("floorwatch-control/0", 3L),
                ControlBootstrap.liveSource(cfg),
                List.of());
        FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg), Map.of(), outputs, inputs);
        StreamGraph graph = env.getStreamGraph();
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            if (uid == null || !seen.add(uid)) problems.add(node.getOperatorName() + " uid " + uid);
        }
        assertEquals(List.of(), problems);
        assertTrue(
                seen.containsAll(Set.of(
                        "source-control",
                        "control-validate",
                        "control-watermarks",
                        "rule-jackpot",
                        "rule-hopper-fill",
                        "rule-w2g",
                        "sink-rule-changes-clickhouse",
                        "sink-rule-changes-t")),
                seen.toString());
        StreamingJobGraphGenerator.createJobGraph(graph);
    }

    @Test
    void theInProcessSimulatorStartsWithItsWatchlistAndARuleChange() {
        ControlInputs in = io.floorwatch.simulator.ControlScenario.inputs(FloorWatchConfig.of(
                Map.of("sources.mode", "simulator", "simulator.start-time", "2026-11-22T20:00:00Z")));
        assertEquals(4, in.initialWatchlist().size());
        assertEquals(Map.of("rules.hopper-fill.threshold", "25"), in.initialSettings());
        assertEquals(7, in.records().size(), "six watchlist entries and one change, all audited by the job");
    }
}
