package io.floorwatch.sink.clickhouse;

import static io.floorwatch.sink.clickhouse.ClickHouseValues.dateTime64;
import static io.floorwatch.sink.clickhouse.ClickHouseValues.money;

import com.fasterxml.jackson.core.JsonGenerator;
import io.floorwatch.player.PlayerOffer;
import io.floorwatch.player.PlayerRating;
import java.io.IOException;

/** {@code player_ratings} and {@code player_offers} rows (docker/clickhouse/002_players.sql). Use the instances in {@link ClickHouseSinks}. */
public final class PlayerEncoders {
    private PlayerEncoders() {}

    public static final class RatingEncoder implements RowEncoder<PlayerRating> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(PlayerRating r) {
            return Tables.PLAYER_RATINGS;
        }

        @Override
        public void encode(PlayerRating r, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("player_id", r.playerId);
            json.writeStringField("gaming_day", r.gamingDay);
            money(json, "coin_in", r.coinInCents);
            json.writeNumberField("games", r.games);
            money(json, "avg_bet", r.avgBetCents);
            money(json, "theo_win", r.theoWinCents);
            json.writeNumberField("minutes_played", r.minutesPlayed);
            json.writeNumberField("sessions", r.sessions);
            json.writeStringField("last_seen", dateTime64(r.lastSeen));
            json.writeNumberField("version", r.version);
            json.writeEndObject();
        }
    }

    public static final class OfferEncoder implements RowEncoder<PlayerOffer> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(PlayerOffer o) {
            return Tables.PLAYER_OFFERS;
        }

        @Override
        public void encode(PlayerOffer o, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("offer_id", o.offerId);
            json.writeStringField("player_id", o.playerId);
            json.writeStringField("rule_id", o.ruleId);
            json.writeStringField("reward", o.reward);
            money(json, "value", o.valueCents);
            json.writeStringField("gaming_day", o.gamingDay);
            money(json, "theo_win", o.theoWinCents);
            money(json, "coin_in", o.coinInCents);
            json.writeNumberField("minutes_played", o.minutesPlayed);
            json.writeStringField("machine_id", o.machineId == null ? "" : o.machineId);
            json.writeStringField("event_time", dateTime64(o.eventTime));
            json.writeStringField("detected_at", dateTime64(o.detectedAt));
            json.writeEndObject();
        }
    }
}
