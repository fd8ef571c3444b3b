package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveKeyedBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import io.floorwatch.floor.FloorMinute;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * FLOOR_ANOMALY (MEDIUM, entity floor "floor"): the whole floor's coin in for a minute more than
 * {@code rules.floor-anomaly.sigma} standard deviations away from its trailing
 * {@code rules.floor-anomaly.window} mean, once {@code rules.floor-anomaly.warmup-minutes} minutes of
 * history exist. Minutes without play count as 0 once the floor has started; a flat history (sigma 0)
 * never alerts.
 *
 * <p>Input: the floor_minute rows (one per section and minute, timestamped at the minute's last
 * millisecond). Keyed by a constant: one floor, one minute per minute, so the single key is cheap.
 * A minute is judged when the watermark passes its end (all sections' rows have arrived by then); a
 * timer chain judges empty minutes too, without waiting for the next row. A refired row (higher
 * version) before its minute is judged replaces the earlier one; after it is judged it is ignored.
 * At the end of a bounded input (watermark MAX) minutes without rows are not invented.
 *
 * <p>{@code rules.floor-anomaly.sigma} changes live (SPEC 8.1): a minute is judged with the sigma in force when the
 * watermark passes it; minutes judged before a change are not judged again.
 */
public final class FloorAnomalyRule extends LiveKeyedBroadcastFunction<String, FloorMinute, Alert> {
    static final long MINUTE = 60_000L;
    public static final String FLOOR_ID = "floor";

    /** Trailing per-minute totals (a ring) and the next minute to judge. A Flink POJO. */
    public static class History {
        public long[] ring;
        public int size;
        public int next;
        public long nextMinute = Long.MIN_VALUE;

        public History() {}
    }

    /** A pending minute's rows: per floor section, {version, coin in cents} of the latest row. */
    private static final TypeInformation<Map<String, long[]>> SECTION_ROWS =
            Types.MAP(Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

    private final int windowMinutes;
    private final int warmupMinutes;
    private transient double sigmas;
    private transient MapState<Long, Map<String, long[]>> pending;
    private transient ValueState<History> history;

    /** The window and warm-up of {@code cfg}; the sigma of {@code cfg}, following the control topic ({@code live}). */
    public FloorAnomalyRule(FloorWatchConfig cfg, LiveValues live) {
        super(cfg, live, "floor-anomaly-live-values");
        this.windowMinutes =
                (int) Math.max(1, cfg.get(Options.FLOOR_ANOMALY_WINDOW).toMillis() / MINUTE);
        this.warmupMinutes = cfg.get(Options.FLOOR_ANOMALY_WARMUP);
    }

    @Override
    protected void refresh() {
        sigmas = live.get(cfg, Options.FLOOR_ANOMALY_SIGMA);
    }

    /** The keys this rule follows live. */
    public static LiveValues live(ControlStreams control) {
        return LiveValues.settings(control, Options.FLOOR_ANOMALY_SIGMA.key());
    }

    public static DataStream<Alert> build(DataStream<FloorMinute> floorMinutes, FloorWatchConfig cfg, LateEvents late) {
        return build(floorMinutes, cfg, late, ControlStreams.none(floorMinutes.getExecutionEnvironment(), cfg));
    }

    public static DataStream<Alert> build(
            DataStream<FloorMinute> floorMinutes, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        return control.process(
                        floorMinutes.keyBy(m -> FLOOR_ID, Types.STRING),
                        new FloorAnomalyRule(cfg, live(control)),
                        TypeInformation.of(Alert.class))
                .uid("rule-floor-anomaly")
                .name("FLOOR_ANOMALY");
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, SECTION_ROWS));
        history =
                getRuntimeContext().getState(new ValueStateDescriptor<>("history", TypeInformation.of(History.class)));
    }

    @Override
    public void processElement(FloorMinute row, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        long minute = row.windowStart - Math.floorMod(row.windowStart, MINUTE);
        History h = history.value();
        if (h != null && minute < h.nextMinute) return; // minute already judged
        Map<String, long[]> sections = pending.get(minute);
        if (sections == null) sections = new HashMap<>();
        String section = row.floorSection == null ? "UNKNOWN" : row.floorSection;
        long[] seen = sections.get(section);
        if (seen == null || row.version >= seen[0]) sections.put(section, new long[] {row.version, row.coinInCents});
        pending.put(minute, sections);
        ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long minute = timestamp + 1 - MINUTE;
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        Map<String, long[]> sections = pending.get(minute);
        History h = history.value();
        if (h == null) {
            if (sections == null) return;
            h = new History();
            h.ring = new long[windowMinutes];
            h.nextMinute = minute;
        }
        if (minute < h.nextMinute) return; // judged already (a row's timer and the chain's met)
        if (sections == null && endOfInput) return; // the end of the input is not a minute without play
        while (h.nextMinute < minute) judge(h, h.nextMinute, 0, out); // only if a chain link was missed
        long total = 0;
        if (sections != null) for (long[] v : sections.values()) total += v[1];
        judge(h, minute, total, out);
        pending.remove(minute);
        if (!endOfInput) ctx.timerService().registerEventTimeTimer(h.nextMinute + MINUTE - 1);
        history.update(h);
    }

    private void judge(History h, long minute, long coinInCents, Collector<Alert> out) {
        if (h.size >= warmupMinutes) {
            double mean = 0;
            for (int i = 0; i < h.size; i++) mean += h.ring[i];
            mean /= h.size;
            double var = 0;
            for (int i = 0; i < h.size; i++) var += (h.ring[i] - mean) * (h.ring[i] - mean);
            double sd = Math.sqrt(var / h.size);
            double z = sd == 0 ? 0 : (coinInCents - mean) / sd;
            if (sd > 0 && Math.abs(z) > sigmas)
                out.collect(alert(minute, coinInCents, Math.round(mean), sd, z, h.size));
        }
        h.ring[h.next] = coinInCents;
        h.next = (h.next + 1) % h.ring.length;
        h.size = Math.min(h.size + 1, h.ring.length);
        h.nextMinute = minute + MINUTE;
    }

    private Alert alert(long minute, long coinInCents, long meanCents, double sd, double z, int historyMinutes) {
        return Alert.firing(
                Rules.FLOOR_ANOMALY,
                Severity.MEDIUM,
                Rules.FLOOR,
                FLOOR_ID,
                RuleSupport.iso(minute),
                minute + MINUTE,
                coinInCents,
                String.format(
                        "Floor coin in %s for the minute at %s is %.1f sigma %s the trailing %d-min mean %s",
                        Money.format(coinInCents),
                        RuleSupport.iso(minute),
                        Math.abs(z),
                        z > 0 ? "above" : "below",
                        historyMinutes,
                        Money.format(meanCents)),
                z > 0
                        ? "Check the floor for unusual play (promotion, fraud, meter fault)"
                        : "Check the floor for an outage (network, power, sources)",
                RuleSupport.details(
                        "window_start",
                        RuleSupport.iso(minute),
                        "coin_in",
                        Money.toDecimalString(coinInCents),
                        "mean_coin_in",
                        Money.toDecimalString(meanCents),
                        "stddev_cents",
                        sd,
                        "z",
                        z,
                        "history_minutes",
                        historyMinutes));
    }
}
