-- Machine health: machines with more than 5 ERROR events in a 1-minute bin of the last 15 minutes
-- (seed 000, "Machine health monitoring"). The MACHINE_ERRORS rule itself looks at a sliding
-- 15-minute window; this is the seed's per-minute view of the same bursts. Only FAULT and OTHER SAS
-- codes count as errors (SPEC 8.5); rows written before error_category existed count as OTHER.
SELECT
    machine_id,
    toStartOfMinute(event_timestamp) AS minute,
    count()                          AS error_count,
    'NEEDS_ATTENTION'                AS alert
FROM casino_realtime.slot_events_live FINAL
WHERE event_type = 'ERROR'
  AND ifNull(error_category, 'OTHER') IN ('FAULT', 'OTHER')
  AND event_timestamp > now64(3) - INTERVAL 15 MINUTE
GROUP BY machine_id, minute
HAVING error_count > 5
ORDER BY minute DESC, error_count DESC
