package io.floorwatch.sink.webhook;

/** The shape of a route's request body (see docs/webhook.md). */
public enum BodyFormat {
    /** FloorWatch's own body, exactly SPEC §6. */
    FLOORWATCH,
    /** PagerDuty Events v2: trigger / resolve with dedup_key = alert_id. */
    PAGERDUTY,
    /** Alertmanager API v2 ({@code POST /api/v2/alerts}): a one-element array of postable alerts. */
    ALERTMANAGER
}
