package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns burst detections into episodes (MACHINE_ERRORS, MACHINE_CRITICAL), keyed by machine.
 *
 * <p>Input 1: candidate firing alerts, one per CEP match (event_time = the completing error). Input 2:
 * the machine's raw ERROR events. A candidate while no episode is open fires and opens the episode;
 * candidates during an open episode are swallowed (one alert per episode, however long the burst). The
 * episode resolves when floor time passes the last error + the quiet period, at that instant.
 *
 * <p>Everything is handled in event-time order, through timers: the raw errors arrive ahead of the
 * watermark (an error at 60:00 may arrive before the watermark has passed 54:00, in a replay or after
 * a quiet source), so taking them in arrival order would hide a real quiet period from 39:00 to 60:00.
 * Each error and candidate waits in state for the timer at its own time; at one instant the quiet check
 * comes first, then the errors, then the candidate. A candidate always arrives before its timer can
 * fire: CEP emits a match before forwarding the watermark that completed it. Errors behind the
 * watermark are taken at once (they only extend the quiet period). At the end of a bounded input
 * (watermark MAX) the quiet period was never reached in floor time: no resolve.
 */
public final class EpisodeTracker extends KeyedCoProcessFunction<String, Alert, FloorEvent, Alert> {
    private final long quietMs;

    private transient ValueState<Alert> openEpisode;
    private transient ValueState<Long> lastError;
    private transient MapState<Long, Boolean> pendingErrors;
    private transient MapState<Long, Alert> pendingCandidates;

    public EpisodeTracker(Duration quiet) {
        this.quietMs = quiet.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        openEpisode = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("open-episode", TypeInformation.of(Alert.class)));
        lastError = getRuntimeContext().getState(new ValueStateDescriptor<>("last-error", Types.LONG));
        pendingErrors =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-errors", Types.LONG, Types.BOOLEAN));
        pendingCandidates = getRuntimeContext()
                .getMapState(
                        new MapStateDescriptor<>("pending-candidates", Types.LONG, TypeInformation.of(Alert.class)));
    }

    @Override
    public void processElement1(Alert candidate, Context ctx, Collector<Alert> out) throws Exception {
        if (candidate.eventTime <= ctx.timerService().currentWatermark()) {
            open(candidate, ctx, out); // not expected (see class comment); take it rather than lose it
            return;
        }
        if (!pendingCandidates.contains(candidate.eventTime)) pendingCandidates.put(candidate.eventTime, candidate);
        ctx.timerService().registerEventTimeTimer(candidate.eventTime);
    }

    @Override
    public void processElement2(FloorEvent error, Context ctx, Collector<Alert> out) throws Exception {
        if (error.eventTime <= ctx.timerService().currentWatermark()) {
            noteError(error.eventTime, ctx);
            return;
        }
        pendingErrors.put(error.eventTime, Boolean.TRUE);
        ctx.timerService().registerEventTimeTimer(error.eventTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long last = lastError.value();
        if (last != null && last + quietMs <= timestamp) {
            Alert episode = openEpisode.value();
            boolean reached = ctx.timerService().currentWatermark() != Long.MAX_VALUE;
            if (episode != null && reached) {
                out.collect(episode.resolvedAt(
                        last + quietMs,
                        "No errors on " + episode.entityId + " for " + RuleSupport.human(Duration.ofMillis(quietMs))
                                + ": " + episode.rule + " cleared",
                        RuleSupport.details("last_error_time", RuleSupport.iso(last), "quiet_period_ms", quietMs)));
            }
            openEpisode.clear();
            lastError.clear();
        }
        if (pendingErrors.contains(timestamp)) {
            pendingErrors.remove(timestamp);
            noteError(timestamp, ctx);
        }
        Alert candidate = pendingCandidates.get(timestamp);
        if (candidate != null) {
            pendingCandidates.remove(timestamp);
            open(candidate, ctx, out);
        }
    }

    private void open(Alert candidate, Context ctx, Collector<Alert> out) throws Exception {
        noteError(candidate.eventTime, ctx); // its completing error, in case the raw one was late
        if (openEpisode.value() != null) return;
        out.collect(candidate);
        openEpisode.update(candidate);
    }

    private void noteError(long time, Context ctx) throws Exception {
        Long last = lastError.value();
        if (last != null && time <= last) return;
        if (last != null) ctx.timerService().deleteEventTimeTimer(last + quietMs);
        lastError.update(time);
        ctx.timerService().registerEventTimeTimer(time + quietMs);
    }
}
