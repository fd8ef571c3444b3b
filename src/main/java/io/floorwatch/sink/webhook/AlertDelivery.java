package io.floorwatch.sink.webhook;

/**
 * One delivery attempt of one alert message to one route: a row for {@code alert_deliveries}. A Flink POJO.
 * {@code outcome} is {@code delivered} (2xx), {@code retry} (network error, timeout, 429, 5xx: tried again) or
 * {@code failed} (any other status: never retried).
 */
public class AlertDelivery {
    public static final String DELIVERED = "delivered";
    public static final String RETRY = "retry";
    public static final String FAILED = "failed";

    public String alertId;
    public String status;
    public String route;
    /** 1 for the first attempt of this message on this route (counted across restarts). */
    public int attempt;
    /** HTTP status; null when no response came (network error, timeout). */
    public Integer statusCode;

    public String outcome;
    /** Why it was not delivered (exception or a short cut of the response body); null when delivered. */
    public String error;
    /** Epoch ms at which the request was sent. */
    public long attemptedAt;
    /** How long the attempt took, ms. */
    public long durationMs;

    public AlertDelivery() {}

    public AlertDelivery(
            String alertId,
            String status,
            String route,
            int attempt,
            Integer statusCode,
            String outcome,
            String error,
            long attemptedAt,
            long durationMs) {
        this.alertId = alertId;
        this.status = status;
        this.route = route;
        this.attempt = attempt;
        this.statusCode = statusCode;
        this.outcome = outcome;
        this.error = error;
        this.attemptedAt = attemptedAt;
        this.durationMs = durationMs;
    }

    @Override
    public String toString() {
        return "AlertDelivery[" + alertId + ":" + status + " -> " + route + " #" + attempt + " " + outcome
                + (statusCode == null ? "" : " " + statusCode) + (error == null ? "" : " (" + error + ")") + "]";
    }
}
