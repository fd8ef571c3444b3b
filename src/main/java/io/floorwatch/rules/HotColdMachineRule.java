package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import io.floorwatch.floor.MachineMinute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * HOT_MACHINE / COLD_MACHINE (INFO): a machine's coin in over the {@code rules.hot-cold.window}
 * (tumbling, aligned to the hour for 60 min) above {@code rules.hot-machine.ratio} x / below
 * {@code rules.cold-machine.ratio} x its floor section's average over the machines with play
 * (spins > 0) in that window, when the section has at least {@code rules.hot-cold.min-machines} of them.
 * Only machines with play are judged (a machine without play is MACHINE_OFFLINE's business).
 *
 * <p>Input: the machine_minute rows (their timestamp is their minute window's last millisecond, so
 * they fall in the hour window of their minute). A row refired by the aggregation's allowed lateness
 * (higher {@code version}) replaces the earlier row of that minute instead of adding to it. Rows behind
 * the watermark (refires after the hour closed) are not counted: these alerts are advisory.
 * Stage 1 sums each machine incrementally; stage 2 needs all machines of a section at once to compare
 * them with the average, so it keeps one small total per machine with play.
 *
 * <p>The two ratios change live (SPEC 8.1). A window operator cannot take the control stream, so stage 2 only
 * computes each machine's share of its section ({@link Share}, one record per machine with play and hour) and a
 * small stage 3 ({@link Judge}) applies the ratios in force when the window closes: a change applies to the windows
 * judged after it, never to one judged before.
 */
public final class HotColdMachineRule {
    private HotColdMachineRule() {}

    /** One machine's play over one window: the output of stage 1. A Flink POJO. */
    public static class MachineWindow {
        public String machineId;
        public String floorSection;
        public long windowStart;
        public long windowEnd;
        public long coinInCents;
        public long spins;
        /** First and last minute with a row for this machine: the section's span tells a full window from a partial one. */
        public long firstMinute;

        public long lastMinute;

        public MachineWindow() {}
    }

    /** A machine with play in a window its section was judged in, and the section's average: stage 2's output. A Flink POJO. */
    public static class Share {
        public MachineWindow machine;
        /** The section's average coin in over its machines with play, cents (not rounded: the ratios compare with it). */
        public double sectionAverageCents;

        public int sectionMachines;

        public Share() {}

        Share(MachineWindow machine, double sectionAverageCents, int sectionMachines) {
            this.machine = machine;
            this.sectionAverageCents = sectionAverageCents;
            this.sectionMachines = sectionMachines;
        }
    }

    /** Stage 1 accumulator: per minute {version, coin in, spins}, so a refired minute replaces its first version. */
    public static class Acc {
        public String floorSection;
        public Map<Long, long[]> minutes = new HashMap<>();

        public Acc() {}
    }

    static TypeInformation<Acc> accType() {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        fields.put("floorSection", Types.STRING);
        fields.put("minutes", Types.MAP(Types.LONG, Types.PRIMITIVE_ARRAY(Types.LONG)));
        return Types.POJO(Acc.class, fields);
    }

    public static DataStream<Alert> build(DataStream<MachineMinute> minutes, FloorWatchConfig cfg, LateEvents late) {
        return build(minutes, cfg, late, ControlStreams.none(minutes.getExecutionEnvironment(), cfg));
    }

    /** The keys stage 3 follows live. */
    public static LiveValues live(ControlStreams control) {
        return LiveValues.settings(control, Options.HOT_MACHINE_RATIO.key(), Options.COLD_MACHINE_RATIO.key());
    }

    public static DataStream<Alert> build(
            DataStream<MachineMinute> minutes, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        Duration window = cfg.get(Options.HOT_COLD_WINDOW);
        DataStream<MachineWindow> perMachine = minutes.keyBy(m -> m.machineId)
                .window(TumblingEventTimeWindows.of(window))
                .aggregate(
                        new SumMachine(),
                        new StampMachine(),
                        accType(),
                        TypeInformation.of(MachineWindow.class),
                        TypeInformation.of(MachineWindow.class))
                .uid("rule-hot-cold-machine-window")
                .name("HOT/COLD machine coin in");
        DataStream<Share> shares = perMachine
                .keyBy(m -> m.floorSection)
                .window(TumblingEventTimeWindows.of(window))
                .process(
                        new CompareWithSection(cfg.get(Options.HOT_COLD_MIN_MACHINES)), TypeInformation.of(Share.class))
                .uid("rule-hot-cold-section-window")
                .name("HOT/COLD section compare");
        return control.connect(shares, new Judge(cfg, live(control)), Alert.class)
                .uid("rule-hot-cold-judge")
                .name("HOT/COLD ratios");
    }

    static final class SumMachine implements AggregateFunction<MachineMinute, Acc, MachineWindow> {
        @Override
        public Acc createAccumulator() {
            return new Acc();
        }

        @Override
        public Acc add(MachineMinute m, Acc acc) {
            long[] seen = acc.minutes.get(m.windowStart);
            if (seen == null || m.version >= seen[0])
                acc.minutes.put(m.windowStart, new long[] {m.version, m.coinInCents, m.spins});
            if (m.floorSection != null) acc.floorSection = m.floorSection;
            return acc;
        }

        @Override
        public MachineWindow getResult(Acc acc) {
            MachineWindow w = new MachineWindow();
            w.floorSection = acc.floorSection == null ? "UNKNOWN" : acc.floorSection;
            w.firstMinute = Long.MAX_VALUE;
            w.lastMinute = Long.MIN_VALUE;
            for (Map.Entry<Long, long[]> e : acc.minutes.entrySet()) {
                w.coinInCents += e.getValue()[1];
                w.spins += e.getValue()[2];
                w.firstMinute = Math.min(w.firstMinute, e.getKey());
                w.lastMinute = Math.max(w.lastMinute, e.getKey());
            }
            return w;
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            for (Map.Entry<Long, long[]> e : b.minutes.entrySet()) {
                long[] seen = a.minutes.get(e.getKey());
                if (seen == null || e.getValue()[0] >= seen[0]) a.minutes.put(e.getKey(), e.getValue());
            }
            if (b.floorSection != null) a.floorSection = b.floorSection;
            return a;
        }
    }

    static final class StampMachine extends ProcessWindowFunction<MachineWindow, MachineWindow, String, TimeWindow> {
        @Override
        public void process(String machine, Context ctx, Iterable<MachineWindow> totals, Collector<MachineWindow> out) {
            for (MachineWindow w : totals) {
                if (w.spins <= 0) continue; // only machines with play take part
                w.machineId = machine;
                w.windowStart = ctx.window().getStart();
                w.windowEnd = ctx.window().getEnd();
                out.collect(w);
            }
        }
    }

    static final class CompareWithSection extends ProcessWindowFunction<MachineWindow, Share, String, TimeWindow> {
        private final int minMachines;

        CompareWithSection(int minMachines) {
            this.minMachines = minMachines;
        }

        @Override
        public void process(String section, Context ctx, Iterable<MachineWindow> machines, Collector<Share> out) {
            List<MachineWindow> all = new ArrayList<>();
            long sum = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (MachineWindow m : machines) {
                all.add(m);
                sum += m.coinInCents;
                first = Math.min(first, m.firstMinute);
                last = Math.max(last, m.lastMinute);
            }
            if (all.size() < minMachines) return;
            // A window the floor only partly saw (the job started, or the section opened, mid-hour) compares
            // machines on a few minutes of play: noise, not hot or cold machines. Judge windows seen at least half.
            long seen = last - first + 60_000L;
            if (seen * 2 < ctx.window().getEnd() - ctx.window().getStart()) return;
            double average = (double) sum / all.size();
            for (MachineWindow m : all) out.collect(new Share(m, average, all.size()));
        }
    }

    /** Stage 3: the ratios in force applied to each share (SPEC 8.1), as its window closes. */
    public static final class Judge extends LiveBroadcastFunction<Share, Alert> {
        private static final long serialVersionUID = 1L;
        private transient double hotRatio;
        private transient double coldRatio;

        public Judge(FloorWatchConfig cfg, LiveValues live) {
            super(cfg, live, "hot-cold-live-values");
        }

        @Override
        protected void refresh() {
            hotRatio = live.get(cfg, Options.HOT_MACHINE_RATIO);
            coldRatio = live.get(cfg, Options.COLD_MACHINE_RATIO);
        }

        @Override
        public void processElement(Share share, ReadOnlyContext ctx, Collector<Alert> out) {
            MachineWindow m = share.machine;
            double average = share.sectionAverageCents;
            long averageCents = Math.round(average);
            double ratio = average == 0 ? 0 : m.coinInCents / average;
            String rule;
            if (m.coinInCents > hotRatio * average) rule = Rules.HOT_MACHINE;
            else if (m.coinInCents < coldRatio * average) rule = Rules.COLD_MACHINE;
            else return;
            boolean hot = rule.equals(Rules.HOT_MACHINE);
            Duration length = Duration.ofMillis(m.windowEnd - m.windowStart);
            out.collect(Alert.firing(
                    rule,
                    Severity.INFO,
                    Rules.MACHINE,
                    m.machineId,
                    RuleSupport.iso(m.windowStart),
                    m.windowEnd,
                    m.coinInCents,
                    String.format(
                            "%s %s: coin in %s over %s, %.1fx section %s average %s",
                            hot ? "Hot" : "Cold",
                            m.machineId,
                            Money.format(m.coinInCents),
                            RuleSupport.human(length),
                            ratio,
                            m.floorSection,
                            Money.format(averageCents)),
                    hot ? "Review payouts and surveillance on the machine" : "Review placement, game mix or faults",
                    RuleSupport.details(
                            "window_start",
                            RuleSupport.iso(m.windowStart),
                            "window_end",
                            RuleSupport.iso(m.windowEnd),
                            "coin_in",
                            Money.toDecimalString(m.coinInCents),
                            "spins",
                            m.spins,
                            "section_average_coin_in",
                            Money.toDecimalString(averageCents),
                            "section_machines_with_play",
                            share.sectionMachines,
                            "ratio",
                            ratio)));
        }
    }
}
