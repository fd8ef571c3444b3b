package io.floorwatch.compliance;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.GamingDay;
import io.floorwatch.event.Source;
import java.time.LocalDate;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * {@code mtl_entries}, the Multiple Transaction Log (SPEC §8.4): one row per cash transaction (as in
 * {@link CashTransactions}) of at least {@code rules.mtl.threshold}, keyed by event_id. Attributed transactions are
 * logged by the player cash ledger ({@link CtrRequired#MTL}) with their running day total; a cash table BUY_IN that
 * names no player never reaches the ledger and is logged here, statelessly, with player_id and day_total null.
 */
public final class MtlEntries {
    private MtlEntries() {}

    /**
     * The MTL rows of the cash table buy-ins without a player, with {@code rules.mtl.threshold} as in force when each
     * reaches the function (SPEC 8.1; no order needed: there is no running total without a player). Only those buy-ins
     * cross to it (a stateless filter chained to its input; the two-input function is not chained).
     */
    public static DataStream<MtlEntry> unattributed(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, ControlStreams control) {
        DataStream<FloorEvent> buyIns = events.filter(CashTransactions::isUnattributedCashBuyIn)
                .uid("mtl-unattributed-filter")
                .name("cash buy-ins without a player");
        LiveValues live = LiveValues.settings(control, Options.MTL_THRESHOLD.key());
        return control.connect(buyIns, new UnattributedBuyIns(cfg, live), MtlEntry.class)
                .uid("mtl-unattributed-buy-ins")
                .name("mtl_entries: cash buy-ins without a player");
    }

    /** The row of one cash transaction; {@code player} and {@code dayTotalCents} null without a player. */
    static MtlEntry entry(FloorEvent e, String player, String direction, LocalDate gamingDay, Long dayTotalCents) {
        MtlEntry m = new MtlEntry();
        m.eventId = e.eventId;
        m.gamingDay = gamingDay.toString();
        m.playerId = player;
        m.direction = direction;
        m.amountCents = e.amount();
        m.eventTime = e.eventTime;
        m.source = e.source.code();
        if (e.source == Source.TABLE) {
            m.location = e.tableId != null ? e.tableId : e.entityId;
            m.employeeId = blankToNull(e.dealerId);
        } else {
            m.location = blankToNull(e.cageId);
            m.employeeId = blankToNull(e.employeeId);
        }
        m.dayTotalCents = dayTotalCents;
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static final class UnattributedBuyIns extends LiveBroadcastFunction<FloorEvent, MtlEntry> {
        private static final long serialVersionUID = 2L;
        private final GamingDay gamingDay;
        private transient long thresholdCents;

        UnattributedBuyIns(FloorWatchConfig cfg, LiveValues live) {
            super(cfg, live, "mtl-live-values");
            this.gamingDay = cfg.gamingDay();
        }

        @Override
        protected void refresh() {
            thresholdCents = live.get(cfg, Options.MTL_THRESHOLD);
        }

        @Override
        public void processElement(FloorEvent e, ReadOnlyContext ctx, Collector<MtlEntry> out) {
            if (!CashTransactions.isUnattributedCashBuyIn(e) || e.amount() < thresholdCents) return;
            out.collect(entry(e, null, CashTransactions.CASH_IN, gamingDay.of(e.eventTime), null));
        }
    }
}
