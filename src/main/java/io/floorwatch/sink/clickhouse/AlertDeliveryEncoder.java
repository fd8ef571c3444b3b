package io.floorwatch.sink.clickhouse;

import static io.floorwatch.sink.clickhouse.ClickHouseValues.dateTime64;

import com.fasterxml.jackson.core.JsonGenerator;
import io.floorwatch.sink.webhook.AlertDelivery;
import java.io.IOException;

/** One webhook delivery attempt into {@code alert_deliveries}: the on-call audit trail. */
public final class AlertDeliveryEncoder implements RowEncoder<AlertDelivery> {
    private static final long serialVersionUID = 1L;

    @Override
    public String table(AlertDelivery d) {
        return Tables.ALERT_DELIVERIES;
    }

    @Override
    public void encode(AlertDelivery d, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("alert_id", d.alertId);
        json.writeStringField("status", d.status);
        json.writeStringField("route", d.route);
        json.writeNumberField("attempt", d.attempt);
        if (d.statusCode == null) json.writeNullField("status_code");
        else json.writeNumberField("status_code", d.statusCode);
        json.writeStringField("outcome", d.outcome);
        json.writeStringField("error", d.error == null ? "" : d.error);
        json.writeStringField("attempted_at", dateTime64(d.attemptedAt));
        json.writeNumberField("duration_ms", Math.max(0, d.durationMs));
        json.writeEndObject();
    }
}
