package io.floorwatch.compliance;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.player.PlayerSession;
import io.floorwatch.player.PlayerSessions;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production pipeline settings: no auto-generated uids (savepoint compatibility) and no generic types
 * (no Kryo in state or on the wire). The compliance and player graphs must build and run under both.
 */
class CompliancePipelineHygieneTest extends ComplianceTestSupport {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    @Test
    @DisplayName(
            "Every operator has a uid and nothing falls back to Kryo (pipeline.auto-generate-uids/generic-types false)")
    void uidsAndTypes() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        FloorWatchConfig cfg = config();
        long t0 = DAY_START.toEpochMilli();
        DataStream<FloorEvent> in = env.fromData(
                        TypeInformation.of(FloorEvent.class),
                        cashIn("P-1", "9000.00", t0),
                        cashIn("P-1", "9000.00", t0 + 60_000),
                        jackpot("SM-1", "3000.00", t0 + 120_000),
                        game("SM-1", "P-1", "2.00", t0 + 180_000))
                .uid("test-source")
                .name("test-source")
                .assignTimestampsAndWatermarks(perEventWatermarks())
                .uid("test-watermarks")
                .name("test-watermarks");
        LateEvents late = new LateEvents();
        ControlStreams control = ControlStreams.none(env, cfg); // one per graph: its uids are fixed
        DataStream<Alert> alerts = ComplianceRules.of(in, cfg, late, control).alerts();
        DataStream<PlayerSession> sessions = PlayerSessions.build(in, cfg, late, control);
        alerts.sinkTo(new DiscardingSink<>()).uid("test-alerts").name("test-alerts");
        sessions.sinkTo(new DiscardingSink<>()).uid("test-sessions").name("test-sessions");
        late.union()
                .orElseThrow()
                .sinkTo(new DiscardingSink<>())
                .uid("test-late")
                .name("test-late");
        env.execute("compliance-hygiene").getJobExecutionResult();
    }
}
