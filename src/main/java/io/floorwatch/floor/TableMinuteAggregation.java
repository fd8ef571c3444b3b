package io.floorwatch.floor;

import io.floorwatch.event.FloorEvent;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** {@code table_minute}: an incremental aggregate of one table's events in a 1-minute window. */
public final class TableMinuteAggregation {
    private TableMinuteAggregation() {}

    public static class Sum implements AggregateFunction<FloorEvent, TableMinute, TableMinute> {
        @Override
        public TableMinute createAccumulator() {
            return new TableMinute();
        }

        @Override
        public TableMinute add(FloorEvent e, TableMinute t) {
            switch (e.eventType) {
                case "BUY_IN" -> t.dropCents += e.amount();
                case "PAYOUT" -> t.payoutsCents += e.amount();
                case "FILL" -> t.fillsCents += e.amount();
                case "CREDIT" -> t.creditsCents += e.amount();
                case "BET" -> t.bets++;
                default -> {}
            }
            if (e.gameType != null) t.gameType = e.gameType;
            return t;
        }

        @Override
        public TableMinute getResult(TableMinute t) {
            return t;
        }

        @Override
        public TableMinute merge(TableMinute a, TableMinute b) {
            a.dropCents += b.dropCents;
            a.payoutsCents += b.payoutsCents;
            a.fillsCents += b.fillsCents;
            a.creditsCents += b.creditsCents;
            a.bets += b.bets;
            if (b.gameType != null) a.gameType = b.gameType;
            return a;
        }
    }

    public static class ToRow extends ProcessWindowFunction<TableMinute, TableMinute, String, TimeWindow> {

        @Override
        public void process(String tableId, Context ctx, Iterable<TableMinute> sums, Collector<TableMinute> out)
                throws Exception {
            TableMinute s = sums.iterator().next();
            TableMinute t = new TableMinute();
            t.windowStart = ctx.window().getStart();
            t.tableId = tableId;
            t.gameType = s.gameType == null ? "UNKNOWN" : s.gameType;
            t.dropCents = s.dropCents;
            t.payoutsCents = s.payoutsCents;
            t.fillsCents = s.fillsCents;
            t.creditsCents = s.creditsCents;
            t.bets = s.bets;
            t.version = WindowVersions.next(ctx.windowState());
            out.collect(t);
        }

        @Override
        public void clear(Context ctx) throws Exception {
            WindowVersions.clear(ctx.windowState());
        }
    }
}
