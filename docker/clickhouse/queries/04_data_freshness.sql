-- Data freshness of every raw stream (seed 000, "Check data freshness"). The seed returns a row only
-- when the data is stale (lag over 60 s); this returns every stream with its status, so a healthy
-- stream shows as OK instead of as nothing. event_lag_s: how far floor time is behind the wall clock;
-- ingest_lag_s: how long ago the newest record reached Kafka (the simulator: was created).
SELECT
    stream,
    max_timestamp,
    dateDiff('second', max_timestamp, now64(3))  AS event_lag_s,
    dateDiff('second', max_ingested, now64(3))   AS ingest_lag_s,
    multiIf(max_timestamp IS NULL, 'NO DATA', event_lag_s > 60, 'STALE DATA', 'OK') AS status
FROM
(
    SELECT 'slot' AS stream, maxOrNull(event_timestamp) AS max_timestamp, maxOrNull(ingested_at) AS max_ingested
    FROM casino_realtime.slot_events_live
    UNION ALL
    SELECT 'table', maxOrNull(event_timestamp), maxOrNull(ingested_at) FROM casino_realtime.table_events_live
    UNION ALL
    SELECT 'security', maxOrNull(event_timestamp), maxOrNull(ingested_at) FROM casino_realtime.security_events_live
    UNION ALL
    SELECT 'cage', maxOrNull(event_timestamp), maxOrNull(ingested_at) FROM casino_realtime.cage_transactions_live
)
ORDER BY stream
