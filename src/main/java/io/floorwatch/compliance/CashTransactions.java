package io.floorwatch.compliance;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Which events are cash transactions for CTR_REQUIRED and SAR_STRUCTURING (SPEC §5, 31 CFR 1021.311):
 * <ul>
 *   <li>a cage transaction (any {@code event_type}) with {@code payment_method} CASH, counted in its
 *       {@code direction} (CASH_IN / CASH_OUT); the player is the cage event's entity ({@code player_id});</li>
 *   <li>a table {@code BUY_IN} with {@code payment_method} CASH: cash in, by the event's {@code player_id}.
 *       A cash buy-in without a player_id cannot be attributed to anyone: it is skipped (not an error:
 *       the table drop still counts it) and counted in the {@code unattributedCashBuyIns} metric.</li>
 * </ul>
 * Slot bill-in and slot jackpots are exempt from the CTR aggregation (31 CFR 1021.311(c)): no slot event is
 * ever a cash transaction here. Chips, markers and tickets are not cash.
 */
public final class CashTransactions {
    public static final String CASH_IN = "CASH_IN";
    public static final String CASH_OUT = "CASH_OUT";
    private static final String CASH = "CASH";

    private CashTransactions() {}

    /** CASH_IN or CASH_OUT if the event is a cash transaction by a known player, else null. */
    public static String direction(FloorEvent e) {
        if (player(e) == null) return null;
        return rawDirection(e);
    }

    /** The player a cash transaction is attributed to, or null if none. */
    public static String player(FloorEvent e) {
        if (e.source == Source.CAGE) return nonBlank(e.entityId) != null ? e.entityId : nonBlank(e.playerId);
        if (e.source == Source.TABLE) return nonBlank(e.playerId);
        return null;
    }

    public static boolean isCashTransaction(FloorEvent e) {
        return direction(e) != null;
    }

    /** A table cash buy-in that names no player: it would be a cash transaction but can't be attributed. */
    public static boolean isUnattributedCashBuyIn(FloorEvent e) {
        return e.source == Source.TABLE && rawDirection(e) != null && player(e) == null;
    }

    /**
     * The cash transactions of the stream (a stateless filter, chained to its input), counting and logging
     * the unattributed cash buy-ins it skips.
     */
    public static SingleOutputStreamOperator<FloorEvent> of(DataStream<FloorEvent> events, String uid) {
        return events.filter(new CashTransactionFilter()).uid(uid).name("Cash transactions (" + uid + ")");
    }

    private static String rawDirection(FloorEvent e) {
        if (!CASH.equalsIgnoreCase(e.paymentMethod)) return null;
        if (e.source == Source.CAGE) {
            if (CASH_IN.equalsIgnoreCase(e.direction)) return CASH_IN;
            if (CASH_OUT.equalsIgnoreCase(e.direction)) return CASH_OUT;
            return null;
        }
        if (e.source == Source.TABLE && "BUY_IN".equals(e.eventType)) return CASH_IN;
        return null;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static final class CashTransactionFilter extends RichFilterFunction<FloorEvent> {
        private static final long serialVersionUID = 1L;
        private transient Counter unattributed;

        @Override
        public void open(OpenContext ctx) {
            unattributed = getRuntimeContext().getMetricGroup().counter("unattributedCashBuyIns");
        }

        @Override
        public boolean filter(FloorEvent e) {
            if (isCashTransaction(e)) return true;
            // Counted, not logged per event: a table that never records players would flood the log.
            if (isUnattributedCashBuyIn(e)) unattributed.inc();
            return false;
        }
    }
}
