package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveKeyedBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.EntityKey;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * HOPPER_FILL (MEDIUM): a HOPPER_STATUS with hopper_level below {@code rules.hopper-fill.threshold}
 * fires; further low reports don't fire again until a report at or above the threshold resolves it.
 * Single-event rule: processed in arrival order, no watermark wait. The only state is the open alert;
 * a full report older than the low one that fired (out of order) does not resolve it.
 *
 * <p>{@code rules.hopper-fill.threshold} changes live (SPEC 8.1): a change applies from the next report, never
 * retroactively; an open alert stays open until a report at or above the threshold in force then.
 */
public final class HopperFillRule extends LiveKeyedBroadcastFunction<String, FloorEvent, Alert> {
    private static final long serialVersionUID = 2L;

    private final double fixedThreshold;
    private transient double threshold;
    private transient ValueState<Alert> open;

    /** A fixed threshold (tests): control updates are ignored. */
    public HopperFillRule(double threshold) {
        super(null, null, "hopper-fill-live-values");
        this.fixedThreshold = threshold;
        this.threshold = threshold;
    }

    /** The threshold of the configuration, following the control topic. */
    public HopperFillRule(FloorWatchConfig cfg, LiveValues live) {
        super(cfg, live, "hopper-fill-live-values");
        this.fixedThreshold = Double.NaN;
    }

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return build(events, cfg, late, ControlStreams.none(events.getExecutionEnvironment(), cfg));
    }

    public static DataStream<Alert> build(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        return EntityKey.keyed(
                        events,
                        events.filter(e -> e.source == Source.SLOT
                                        && "HOPPER_STATUS".equals(e.eventType)
                                        && e.hopperLevel != null)
                                .uid("rule-hopper-fill-filter")
                                .name("HOPPER_FILL filter"))
                .connect(control.broadcast())
                .process(
                        new HopperFillRule(cfg, LiveValues.settings(control, Options.HOPPER_FILL_THRESHOLD.key())),
                        TypeInformation.of(Alert.class))
                .uid("rule-hopper-fill")
                .name("HOPPER_FILL");
    }

    @Override
    protected void refresh() {
        threshold = live == null ? fixedThreshold : live.get(cfg, Options.HOPPER_FILL_THRESHOLD);
    }

    @Override
    public void open(OpenContext ctx) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-alert", TypeInformation.of(Alert.class)));
    }

    @Override
    public void processElement(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Alert fired = open.value();
        double level = e.hopperLevel;
        if (level < threshold) {
            if (fired != null) return;
            Alert a = Alert.firing(
                            Rules.HOPPER_FILL,
                            Severity.MEDIUM,
                            Rules.MACHINE,
                            e.entityId,
                            e.eventId,
                            e.eventTime,
                            null,
                            String.format(
                                    "Hopper at %s%% on %s%s",
                                    pct(level), e.entityId, RuleSupport.sectionSuffix(e.floorSection)),
                            "Send attendant to fill the hopper",
                            RuleSupport.details("event_id", e.eventId, "hopper_level", level, "threshold", threshold))
                    .withTrigger(e.ingestTime);
            out.collect(a);
            open.update(a);
        } else if (fired != null && e.eventTime >= fired.eventTime) {
            // (a report older than the one that fired, arriving out of order, says nothing about now)
            out.collect(fired.resolvedAt(
                            e.eventTime,
                            String.format("Hopper refilled to %s%% on %s", pct(level), e.entityId),
                            RuleSupport.details("event_id", e.eventId, "hopper_level", level))
                    .withTrigger(e.ingestTime));
            open.clear();
        }
    }

    private static String pct(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level);
    }
}
