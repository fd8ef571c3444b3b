package io.floorwatch.floor;

import io.floorwatch.event.EntityOperator;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** {@code table_minute}: the running sums of one table's minute and its row ({@link EntityMinutes} keeps them). */
public final class TableMinuteAggregation {
    private TableMinuteAggregation() {}

    /** The tables' rows, on a side output of the per-entity operator. */
    public static final OutputTag<TableMinute> ROWS =
            new OutputTag<>("table-minutes", TypeInformation.of(TableMinute.class));

    /** {@code table_minute} as a part of the per-entity operator, on table events. */
    public static EntityOperator.Part<TableMinute> part(Duration allowedLateness) {
        return new EntityOperator.Part<>(
                "table-minute-timers",
                e -> e.source == Source.TABLE,
                new EntityMinutes<>(
                        "table-open-minutes", TableMinute.class, new Sum(), allowedLateness, LateEvents.TAG),
                ROWS);
    }

    /** A table's minute: its sums are a {@link TableMinute} whose {@code version} counts the rows emitted so far. */
    public static class Sum implements EntityMinutes.Sums<TableMinute, TableMinute> {
        private static final long serialVersionUID = 1L;

        @Override
        public void add(FloorEvent e, TableMinute t) {
            switch (e.eventType) {
                case "BUY_IN" -> t.dropCents += e.amount();
                case "PAYOUT" -> t.payoutsCents += e.amount();
                case "FILL" -> t.fillsCents += e.amount();
                case "CREDIT" -> t.creditsCents += e.amount();
                case "BET" -> t.bets++;
                default -> {}
            }
            if (e.gameType != null) t.gameType = e.gameType;
        }

        @Override
        public long firings(TableMinute sums) {
            return sums.version;
        }

        @Override
        public TableMinute fire(String tableId, long windowStart, TableMinute sums) {
            sums.version++;
            TableMinute t = new TableMinute();
            t.windowStart = windowStart;
            t.tableId = tableId;
            t.gameType = sums.gameType == null ? "UNKNOWN" : sums.gameType;
            t.dropCents = sums.dropCents;
            t.payoutsCents = sums.payoutsCents;
            t.fillsCents = sums.fillsCents;
            t.creditsCents = sums.creditsCents;
            t.bets = sums.bets;
            t.version = sums.version;
            return t;
        }
    }
}
