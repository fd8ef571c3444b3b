-- Events stored per stream in the last hour, each event once (seed 000, "Verify event counts"),
-- to compare with the source's own count; rejected records are counted beside them.
SELECT stream, events
FROM
(
    SELECT 'slot' AS stream, count() AS events
    FROM casino_realtime.slot_events_live FINAL WHERE event_timestamp > now64(3) - INTERVAL 1 HOUR
    UNION ALL
    SELECT 'table', count() FROM casino_realtime.table_events_live FINAL WHERE event_timestamp > now64(3) - INTERVAL 1 HOUR
    UNION ALL
    SELECT 'security', count() FROM casino_realtime.security_events_live FINAL WHERE event_timestamp > now64(3) - INTERVAL 1 HOUR
    UNION ALL
    SELECT 'cage', count() FROM casino_realtime.cage_transactions_live FINAL WHERE event_timestamp > now64(3) - INTERVAL 1 HOUR
    UNION ALL
    SELECT 'rejected', count() FROM casino_realtime.rejected_events FINAL WHERE received_at > now64(3) - INTERVAL 1 HOUR
)
ORDER BY stream
