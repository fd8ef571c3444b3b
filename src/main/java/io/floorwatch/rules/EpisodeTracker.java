package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.event.FloorEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Turns burst detections into episodes (MACHINE_ERRORS, MACHINE_CRITICAL), keyed by machine.
 *
 * <p>Input 1: candidate firing alerts, one per CEP match (event_time = the completing error). Input 2:
 * the machine's raw ERROR events in arrival order. A candidate while no episode is open fires and opens
 * the episode; candidates during an open episode are swallowed (one alert per episode, however long the
 * burst). Every error pushes the quiet deadline (last error time + quiet period, max over out-of-order
 * arrivals); when floor time reaches it the episode resolves with event_time = the deadline.
 *
 * <p>Ordering: a CEP match is emitted when the watermark passes its completing error, before that
 * watermark is forwarded, and the raw errors reach this operator without waiting for watermarks, so a
 * match always arrives before the quiet timer that could close its episode fires.
 *
 * <p>Timers are lazy: one per machine at a time; when it fires early (more errors came) it re-arms at
 * the new deadline instead of deleting and re-registering a timer on every error. At the end of a
 * bounded input (watermark MAX) the quiet period was never reached in floor time: no resolve.
 */
public final class EpisodeTracker extends KeyedCoProcessFunction<String, Alert, FloorEvent, Alert> {
    private final long quietMs;

    private transient ValueState<Alert> openEpisode;
    private transient ValueState<Long> lastError;
    private transient ValueState<Long> armedTimer;

    public EpisodeTracker(Duration quiet) {
        this.quietMs = quiet.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        openEpisode = getRuntimeContext().getState(new ValueStateDescriptor<>("open-episode", TypeInformation.of(Alert.class)));
        lastError = getRuntimeContext().getState(new ValueStateDescriptor<>("last-error", Types.LONG));
        armedTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("armed-timer", Types.LONG));
    }

    @Override
    public void processElement1(Alert candidate, Context ctx, Collector<Alert> out) throws Exception {
        if (openEpisode.value() != null) return;
        out.collect(candidate);
        openEpisode.update(candidate);
        // the raw errors normally got here first; if not (restore edge cases), the match itself starts the clock
        noteError(candidate.eventTime, ctx);
    }

    @Override
    public void processElement2(FloorEvent error, Context ctx, Collector<Alert> out) throws Exception {
        noteError(error.eventTime, ctx);
    }

    private void noteError(long time, Context ctx) throws Exception {
        Long last = lastError.value();
        if (last == null || time > last) lastError.update(time);
        if (armedTimer.value() == null) {
            long deadline = Math.max(time, last == null ? time : last) + quietMs;
            ctx.timerService().registerEventTimeTimer(deadline);
            armedTimer.update(deadline);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            clear(); // end of a bounded input: the quiet period never passed in floor time
            return;
        }
        long deadline = lastError.value() + quietMs;
        if (deadline > timestamp) {
            ctx.timerService().registerEventTimeTimer(deadline);
            armedTimer.update(deadline);
            return;
        }
        Alert episode = openEpisode.value();
        if (episode != null) {
            out.collect(episode.resolvedAt(deadline,
                    "No errors on " + episode.entityId + " for " + RuleSupport.human(Duration.ofMillis(quietMs)) + ": "
                            + episode.rule + " cleared",
                    RuleSupport.details("last_error_time", RuleSupport.iso(lastError.value()), "quiet_period_ms", quietMs)));
        }
        clear();
    }

    private void clear() {
        openEpisode.clear();
        lastError.clear();
        armedTimer.clear();
    }
}
