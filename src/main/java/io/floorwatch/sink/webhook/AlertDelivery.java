package io.floorwatch.sink.webhook;

/**
 * One delivery attempt of one alert message to one route: a row for {@code alert_deliveries}. Never held in Flink
 * state: the writer hands it to its {@link DeliveryListener} and forgets it.
 *
 * @param alertId the message's alert
 * @param status the message's status ({@code firing}, {@code resolved})
 * @param route the route's name
 * @param attempt 1 for the first attempt of this message on this route (counted across restarts)
 * @param statusCode HTTP status; null when no response came (network error, timeout)
 * @param outcome {@link #DELIVERED} (2xx), {@link #RETRY} (network error, timeout, 429, 5xx: tried again) or
 *     {@link #FAILED} (any other status: never retried)
 * @param error why it was not delivered (exception or a short cut of the response body); null when delivered
 * @param attemptedAt epoch ms at which the request was sent
 * @param durationMs how long the attempt took, ms
 */
public record AlertDelivery(
        String alertId,
        String status,
        String route,
        int attempt,
        Integer statusCode,
        String outcome,
        String error,
        long attemptedAt,
        long durationMs) {
    public static final String DELIVERED = "delivered";
    public static final String RETRY = "retry";
    public static final String FAILED = "failed";

    /** The attempt {@code p.attempts} of the pending message {@code p}. */
    static AlertDelivery of(
            PendingDelivery p, Integer statusCode, String outcome, String error, long attemptedAt, long durationMs) {
        return new AlertDelivery(
                p.alert.alertId,
                p.alert.status,
                p.route,
                p.attempts,
                statusCode,
                outcome,
                error,
                attemptedAt,
                durationMs);
    }

    @Override
    public String toString() {
        return "AlertDelivery[" + alertId + ":" + status + " -> " + route + " #" + attempt + " " + outcome
                + (statusCode == null ? "" : " " + statusCode) + (error == null ? "" : " (" + error + ")") + "]";
    }
}
