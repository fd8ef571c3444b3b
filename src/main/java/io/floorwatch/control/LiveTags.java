package io.floorwatch.control;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.LiveKeys;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.SasCodes;
import io.floorwatch.event.Source;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * What is judged of each event once, as it enters the job, with the values in force then (SPEC 8.1): the SAS category
 * of an {@code ERROR}'s code ({@code rules.sas-codes.*}, SPEC 8.5) and whether a slot event pays a jackpot
 * ({@code rules.jackpot.threshold}, {@link FloorEvent#jackpotPayout}).
 *
 * <p>Done by the floor clock's first half, as each event enters the job (before the shuffle, so the JACKPOT rule can
 * read the judged events there), everything downstream sees one judgement per event: the raw table's
 * {@code error_category}, {@code machine_minute} errors and jackpots, MACHINE_ERRORS and MACHINE_CRITICAL, the SAS
 * rules, JACKPOT, REPEAT_JACKPOTS (a CEP condition cannot read broadcast state) and EXCLUDED_PATRON_PAYOUT. The
 * judgement travels with the event, across the shuffle, into any state that holds it and across a restore.
 */
public final class LiveTags implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FloorWatchConfig cfg;
    private final LiveValues live;
    private transient long jackpotThresholdCents;
    private transient SasCodes sasCodes;

    public LiveTags(FloorWatchConfig cfg, LiveValues live) {
        this.cfg = cfg;
        this.live = live;
    }

    /** Following the control topic as read at start by {@code control}. */
    public static LiveTags of(FloorWatchConfig cfg, ControlStreams control) {
        return new LiveTags(
                cfg,
                LiveValues.of(control, false, List.of(LiveKeys.SAS_CODES_PREFIX), Options.JACKPOT_THRESHOLD.key()));
    }

    public void initialize(FunctionInitializationContext ctx, int subtaskIndex) throws Exception {
        live.initialize(ctx, subtaskIndex, "floor-clock-live-values");
        refresh();
    }

    public void snapshot() throws Exception {
        live.snapshot();
    }

    /** Takes one control update; the events judged after it see it. */
    public void apply(ControlUpdate u) {
        if (live.apply(u)) refresh();
    }

    /** Judges one event with the values in force. */
    public void tag(FloorEvent e) {
        if (e.source != Source.SLOT) return;
        e.jackpotPayout = e.payoutReaches(jackpotThresholdCents);
        if ("ERROR".equals(e.eventType)) e.errorCategory = sasCodes.categoryOf(e.errorCode);
    }

    private void refresh() {
        jackpotThresholdCents = live.get(cfg, Options.JACKPOT_THRESHOLD);
        Map<String, String> codes = new TreeMap<>();
        live.settings().forEach((key, category) -> {
            if (key.startsWith(LiveKeys.SAS_CODES_PREFIX) && category != null)
                codes.put(key.substring(LiveKeys.SAS_CODES_PREFIX.length()), category);
        });
        sasCodes = cfg.sasCodes(codes);
    }
}
