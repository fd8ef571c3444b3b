package io.floorwatch.compliance;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
     * The MTL rows of the cash table buy-ins without a player: a stateless flatMap chained to its input (no order
     * needed: there is no running total without a player).
     */
    public static DataStream<MtlEntry> unattributed(DataStream<FloorEvent> events, FloorWatchConfig cfg) {
        return events.flatMap(
                        new UnattributedBuyIns(cfg.get(Options.MTL_THRESHOLD), GamingDay.from(cfg)),
                        TypeInformation.of(MtlEntry.class))
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

    static final class UnattributedBuyIns implements FlatMapFunction<FloorEvent, MtlEntry> {
        private static final long serialVersionUID = 1L;
        private final long thresholdCents;
        private final GamingDay gamingDay;

        UnattributedBuyIns(long thresholdCents, GamingDay gamingDay) {
            this.thresholdCents = thresholdCents;
            this.gamingDay = gamingDay;
        }

        @Override
        public void flatMap(FloorEvent e, Collector<MtlEntry> out) {
            if (!CashTransactions.isUnattributedCashBuyIn(e) || e.amount() < thresholdCents) return;
            out.collect(entry(e, null, CashTransactions.CASH_IN, gamingDay.of(e.eventTime), null));
        }
    }
}
