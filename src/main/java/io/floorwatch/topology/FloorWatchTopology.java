package io.floorwatch.topology;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.DeduplicateAlerts;
import io.floorwatch.compliance.ComplianceRules;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlBootstrap;
import io.floorwatch.control.ControlInputs;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveTags;
import io.floorwatch.event.DeduplicateEvents;
import io.floorwatch.event.EntityKey;
import io.floorwatch.event.EntityOperator;
import io.floorwatch.event.EventParser;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.ParsePayouts;
import io.floorwatch.event.ParseRawRecords;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.event.Source;
import io.floorwatch.event.SplitParsedRecords;
import io.floorwatch.event.StripUnknownFields;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.FloorMinuteAggregation;
import io.floorwatch.floor.FloorSections;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.MachineMinuteAggregation;
import io.floorwatch.floor.TableMinuteAggregation;
import io.floorwatch.player.PlayerActivity;
import io.floorwatch.rules.FloorAnomalyRule;
import io.floorwatch.rules.HandpayWaitRule;
import io.floorwatch.rules.HopperFillRule;
import io.floorwatch.rules.HotColdMachineRule;
import io.floorwatch.rules.JackpotRule;
import io.floorwatch.rules.MachineErrorRules;
import io.floorwatch.rules.MachineMeters;
import io.floorwatch.rules.MachineOfflineRule;
import io.floorwatch.rules.RepeatJackpotsRule;
import io.floorwatch.rules.SasExceptionRule;
import io.floorwatch.rules.SecurityAlarmRule;
import io.floorwatch.rules.ShufflerMaintenanceRule;
import io.floorwatch.rules.StaleSourceRule;
import io.floorwatch.rules.UnattendedDoorOpenRule;
import io.floorwatch.source.IngestBoundedWatermarks;
import io.floorwatch.source.InputSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The whole FloorWatch job graph, top to bottom as in the README's diagram:
 *
 * <pre>
 * sources ─ parse/validate ─ watermarks ─── union ─ floor clock ─ per entity ───────────────────┬─ raw tables
 *                └─ rejected_events                               (dedup, floor section,        ├─ machine_minute ─ floor_minute
 *                                                                  machine_minute, table_minute,├─ table_minute, meters
 *                                                                  MACHINE_OFFLINE, meters)     ├─ players: sessions, ratings, offers
 *                                                                                               └─ alert rules ─ alert dedup ─ alerts, webhooks
 * slot source, read again ─ payouts ─ JACKPOT ───────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * Sources and sinks come from outside ({@link InputSource}s, {@link Outputs}), so tests run the very same
 * graph on their own inputs and collecting sinks. Every operator has a stable uid (savepoint compatibility).
 */
public final class FloorWatchTopology {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private FloorWatchTopology() {}

    public static void build(
            StreamExecutionEnvironment env,
            FloorWatchConfig cfg,
            List<InputSource> inputs,
            Map<String, MachineLocation> locations,
            Outputs outputs) {
        build(env, cfg, inputs, locations, outputs, ControlInputs.none());
    }

    /**
     * The graph with the control topic and the watchlist (SPEC 8.1, 8.3) as read at start by {@link ControlBootstrap}:
     * their values at start are in force from the first floor event, later changes follow live. Returns the control
     * streams, for operators added beside the graph.
     */
    public static ControlStreams build(
            StreamExecutionEnvironment env,
            FloorWatchConfig configured,
            List<InputSource> inputs,
            Map<String, MachineLocation> locations,
            Outputs outputs,
            ControlInputs controlInputs) {
        LateEvents late = new LateEvents();
        // 0. The control topic and the watchlist: audited (rule_changes, rejected_events), their start values laid over
        //    the configuration ("control beats the config file"), later changes broadcast to the rules that follow
        // them.
        ControlStreams control = ControlStreams.build(env, configured, controlInputs);
        FloorWatchConfig cfg = control.effective(configured);
        attach(control.ruleChanges(), outputs.ruleChanges, "rule-changes");

        // 1. Sources, parsing and validation, watermarks (per Kafka partition where the source parses).
        EventParser parser = cfg.eventParser();
        WatermarkStrategy<ParsedRecord> watermarks = IngestBoundedWatermarks.strategy(
                cfg.get(Options.WATERMARK_MAX_OUT_OF_ORDERNESS),
                cfg.get(Options.WATERMARK_MAX_INGEST_SKEW),
                cfg.get(Options.WATERMARK_IDLENESS));
        List<DataStream<FloorEvent>> validStreams = new ArrayList<>();
        List<DataStream<RejectedEvent>> rejectedStreams = new ArrayList<>();
        for (InputSource input : inputs) {
            DataStream<ParsedRecord> parsed;
            if (input.parsed() != null) {
                parsed = env.fromSource(input.parsed(), watermarks, "source: " + input.name())
                        .uid("source-" + input.name());
            } else {
                parsed = env.fromSource(input.raw(), WatermarkStrategy.noWatermarks(), "source: " + input.name())
                        .uid("source-" + input.name())
                        .map(new ParseRawRecords(parser))
                        .uid("parse-" + input.name())
                        .name("parse and validate: " + input.name())
                        .assignTimestampsAndWatermarks(watermarks)
                        .uid("watermarks-" + input.name())
                        .name("watermarks: " + input.name());
            }
            SingleOutputStreamOperator<FloorEvent> valid = parsed.process(new SplitParsedRecords())
                    .uid("split-" + input.name())
                    .name("valid / rejected: " + input.name())
                    .setBufferTimeout(JackpotRule.ALERT_PATH_FLUSH_MS);
            rejectedStreams.add(valid.getSideOutput(SplitParsedRecords.REJECTED));
            validStreams.add(valid);
        }
        rejectedStreams.add(control.rejected());
        DataStream<RejectedEvent> rejected = union(rejectedStreams);
        attach(rejected, outputs.rejected, "rejected");

        // 2. The floor clock around the one shuffle, to each event's entity; each event once, every slot event with its
        //    floor section. Everything keyed by entity below re-reads this partitioning (EntityKey.keyed): no further
        //    shuffle. Its first half judges each event with the live values in force (SAS categories, jackpot payouts).
        SingleOutputStreamOperator<FloorEvent> byEntity = FloorClock.around(
                union(validStreams),
                clocked -> EntityKey.partitionByEntity(clocked, maxParallelism(env)),
                control.updates(),
                LiveTags.of(cfg, control));
        Duration lateness = cfg.get(Options.AGGREGATION_ALLOWED_LATENESS);

        // 3. The per-entity operator: for each event, with its entity's key set once, duplicate detection, the floor
        //    section, and everything that reads every event of its entity. METERS snapshots count in no aggregate
        //    (SPEC 8.5).
        SingleOutputStreamOperator<FloorEvent> stored = late.collectFrom(EntityKey.partitioned(byEntity)
                .transform(
                        "per entity",
                        TypeInformation.of(FloorEvent.class),
                        new EntityOperator(
                                new DeduplicateEvents(cfg.get(Options.DEDUP_TTL)),
                                new FloorSections(locations),
                                List.of(
                                        MachineMinuteAggregation.part(cfg.get(Options.JACKPOT_THRESHOLD), lateness),
                                        TableMinuteAggregation.part(lateness),
                                        MachineOfflineRule.part(cfg),
                                        MachineMeters.part())))
                // the uid of 1.1's MACHINE_OFFLINE operator: silences in progress survive the upgrade (README)
                .uid("rule-machine-offline"));
        attach(stored, outputs.rawEvents, "raw-events");
        DataStream<FloorEvent> events = EntityKey.partitionedUnkeyed(stored.map(new StripUnknownFields())
                .uid("strip-unknown-fields")
                .name("unknown fields stay in the raw tables"));
        if (!locations.isEmpty() && !outputs.machineLocations.isEmpty()) {
            DataStream<MachineLocation> layout = env.fromData(new ArrayList<>(locations.values()))
                    .uid("machine-locations")
                    .name("machine locations");
            attach(layout, outputs.machineLocations, "machine-locations");
        }
        DataStream<FloorEvent> slot =
                events.filter(e -> e.source == Source.SLOT).uid("filter-slot").name("slot events");

        // 4. Windowed aggregations: machine_minute and table_minute (from the per-entity operator), floor_minute.
        DataStream<MachineMinute> machineMinutes = stored.getSideOutput(MachineMinuteAggregation.ROWS);
        attach(machineMinutes, outputs.machineMinutes, "machine-minute");
        DataStream<FloorMinute> floorMinutes = machineMinutes
                .keyBy(m -> m.floorSection)
                .window(TumblingEventTimeWindows.of(MINUTE))
                .allowedLateness(lateness)
                .process(new FloorMinuteAggregation())
                .uid("agg-floor-minute")
                .name("floor_minute");
        attach(floorMinutes, outputs.floorMinutes, "floor-minute");
        attach(stored.getSideOutput(TableMinuteAggregation.ROWS), outputs.tableMinutes, "table-minute");

        // 5. Alert rules (SPEC §5), one message per alert id and status.
        List<DataStream<Alert>> ruleAlerts = new ArrayList<>();
        DataStream<FloorEvent> payouts = payouts(env, inputs, parser);
        if (payouts != null) ruleAlerts.add(JackpotRule.build(payouts, locations, cfg, control)); // its own read
        ruleAlerts.add(HandpayWaitRule.build(events, cfg, late));
        ruleAlerts.add(RepeatJackpotsRule.build(events, cfg, late));
        ruleAlerts.add(MachineErrorRules.build(events, cfg, late)); // MACHINE_ERRORS and MACHINE_CRITICAL
        ruleAlerts.add(stored.getSideOutput(MachineOfflineRule.ALERTS));
        ruleAlerts.add(HopperFillRule.build(events, cfg, late, control));
        ruleAlerts.add(ShufflerMaintenanceRule.build(events, cfg, late));
        ruleAlerts.add(SecurityAlarmRule.build(events, cfg, late));
        ruleAlerts.add(UnattendedDoorOpenRule.build(events, cfg, late));
        ruleAlerts.add(HotColdMachineRule.build(machineMinutes, cfg, late, control));
        ruleAlerts.add(FloorAnomalyRule.build(floorMinutes, cfg, late, control));
        ComplianceRules.Outputs compliance = ComplianceRules.of(events, cfg, late, control);
        ruleAlerts.add(compliance.alerts()); // CTR_REQUIRED, CTR_APPROACHING, SAR_STRUCTURING, W2G_REQUIRED
        attach(compliance.mtlEntries(), outputs.mtlEntries, "mtl-entries"); // SPEC §8.4
        attach(compliance.w2gForms(), outputs.w2gForms, "w2g-forms");
        ruleAlerts.add(SasExceptionRule.build(slot)); // INTEGRITY_EVENT, POWER_OFF_ACCESS (SPEC 8.5)
        ruleAlerts.add(stored.getSideOutput(MachineMeters.ALERTS)); // METER_RESET
        ruleAlerts.add(MachineMeters.variance(stored.getSideOutput(MachineMeters.COMPARISONS), cfg, control));
        attach(stored.getSideOutput(MachineMeters.DELTAS), outputs.meterDeltas, "meter-deltas");
        // EXCLUDED_PATRON(_PAYOUT); player_sessions, player_ratings, offers
        ruleAlerts.add(players(events, control, cfg, late, outputs));
        if (!cfg.get(Options.SOURCES_BOUNDED)) {
            ruleAlerts.add(StaleSourceRule.build(events, cfg, late)); // processing time: not evaluated in bounded runs
        }

        DataStream<Alert> alerts = union(ruleAlerts)
                .keyBy(a -> a.alertId)
                .process(new DeduplicateAlerts(Duration.ofDays(7)))
                .uid("dedup-alerts")
                .name("one message per alert")
                .setBufferTimeout(JackpotRule.ALERT_PATH_FLUSH_MS);
        attach(alerts, outputs.alerts, "alerts");
        attach(alerts, outputs.notifications, "notify");

        // 6. Late events: counted, never silently dropped (they are in the raw tables already).
        late.union()
                .ifPresent(l ->
                        l.sinkTo(new CountLateEvents()).uid("sink-late-events").name("late events (counted)"));
        return control;
    }

    /**
     * JACKPOT's own read of each input that carries slot events ({@link InputSource#payouts}), parsed down to the valid
     * events with a payout; {@code null} if no input has one. It feeds nothing else, so nothing else (the per-entity
     * task's checkpoints, a backlog behind them) can hold a jackpot up.
     */
    private static DataStream<FloorEvent> payouts(
            StreamExecutionEnvironment env, List<InputSource> inputs, EventParser parser) {
        List<DataStream<FloorEvent>> reads = new ArrayList<>();
        for (InputSource input : inputs) {
            if (input.payouts() == null) continue;
            reads.add(env.fromSource(
                            input.payouts(), WatermarkStrategy.noWatermarks(), "source: " + input.name() + " (payouts)")
                    .uid("source-" + input.name() + "-payouts")
                    .flatMap(new ParsePayouts(parser))
                    .uid("parse-" + input.name() + "-payouts")
                    .name("payouts: " + input.name()));
        }
        return reads.isEmpty() ? null : union(reads);
    }

    /** The job's maximum parallelism as keyed operators will see it (FloorWatchJob sets it; else Flink's default). */
    private static int maxParallelism(StreamExecutionEnvironment env) {
        int configured = env.getConfig().getMaxParallelism();
        return configured > 0 ? configured : KeyGroupRangeAssignment.computeDefaultMaxParallelism(env.getParallelism());
    }

    /** The player operator (SPEC §5 sessions, 8.2, 8.3): the settings it uses as in force at start (control over config), then live. */
    private static DataStream<Alert> players(
            DataStream<FloorEvent> events,
            ControlStreams control,
            FloorWatchConfig cfg,
            LateEvents late,
            Outputs outputs) {
        Map<String, String> settings = new HashMap<>(PlayerActivity.initialSettings(cfg));
        control.initialSettings().forEach((key, value) -> {
            if (!settings.containsKey(key) && !key.startsWith("offers."))
                return; // a setting this operator does not use
            if (value == null) settings.remove(key); // a deleted offers.* key
            else settings.put(key, value);
        });
        SingleOutputStreamOperator<Alert> players =
                PlayerActivity.build(events, control.updates(), settings, control.initialWatchlist(), cfg, late);
        attach(players.getSideOutput(PlayerActivity.RATINGS), outputs.playerRatings, "player-ratings");
        attach(players.getSideOutput(PlayerActivity.OFFERS), outputs.playerOffers, "player-offers");
        attach(players.getSideOutput(PlayerActivity.SESSIONS), outputs.playerSessions, "player-sessions");
        return players;
    }

    private static <T> void attach(DataStream<T> stream, List<Outputs.Named<T>> sinks, String kind) {
        for (Outputs.Named<T> s : sinks) {
            var sink =
                    stream.sinkTo(s.sink()).uid("sink-" + kind + "-" + s.name()).name(kind + " -> " + s.name());
            if (s.singleWriter()) sink.setParallelism(1);
        }
    }

    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        DataStream<T> all = streams.get(0);
        for (int i = 1; i < streams.size(); i++) all = all.union(streams.get(i));
        return all;
    }
}
