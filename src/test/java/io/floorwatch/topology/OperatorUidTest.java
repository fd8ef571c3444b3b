package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.CollectingSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator;
import org.junit.jupiter.api.Test;

/** Savepoint compatibility: every operator of the graph has a stable, explicit, unique uid. */
class OperatorUidTest {
    static FloorWatchConfig kafkaConfig() {
        return FloorWatchConfig.of(Map.of(
                "kafka.bootstrap-servers",
                "127.0.0.1:9",
                "clickhouse.url",
                "http://127.0.0.1:9",
                "webhook.url",
                "http://127.0.0.1:9/hook",
                "webhook.compliance-url",
                "http://127.0.0.1:9/compliance"));
    }

    static StreamGraph fullGraph(FloorWatchConfig cfg) {
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        Outputs outputs = ConfiguredOutputs.create(cfg);
        // a sink on every output, so that every branch of the graph exists
        outputs.rawEvents.add(Outputs.named("t", new CollectingSink<>()));
        outputs.rejected.add(Outputs.named("t", new CollectingSink<>()));
        outputs.machineMinutes.add(Outputs.named("t", new CollectingSink<>()));
        outputs.floorMinutes.add(Outputs.named("t", new CollectingSink<>()));
        outputs.tableMinutes.add(Outputs.named("t", new CollectingSink<>()));
        outputs.playerSessions.add(Outputs.named("t", new CollectingSink<>()));
        outputs.alerts.add(Outputs.named("t", new CollectingSink<>()));
        outputs.notifications.add(Outputs.named("t", new CollectingSink<>()));
        FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg), Map.of(), outputs);
        return env.getStreamGraph();
    }

    @Test
    void everyOperatorHasAnExplicitUniqueUid() {
        StreamGraph graph = fullGraph(kafkaConfig());
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> duplicated = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            if (uid == null) missing.add(node.getOperatorName());
            else if (!seen.add(uid)) duplicated.add(uid);
        }
        assertEquals(List.of(), missing, "operators without uid");
        assertEquals(List.of(), duplicated, "uids used twice");
        assertTrue(
                seen.contains("floor-clock") && seen.contains("rule-machine-offline") && seen.contains("dedup-alerts"));
        StreamingJobGraphGenerator.createJobGraph(
                graph); // and Flink itself accepts the graph with auto-generated uids off
    }

    @Test
    void theCheckWouldCatchAMissingUid() {
        StreamExecutionEnvironment env = FloorWatchJob.environment(kafkaConfig());
        env.fromData(1, 2, 3)
                .uid("numbers")
                .map(x -> x + 1)
                .sinkTo(new CollectingSink<>())
                .uid("sink");
        assertThrows(
                IllegalStateException.class, () -> StreamingJobGraphGenerator.createJobGraph(env.getStreamGraph()));
    }
}
