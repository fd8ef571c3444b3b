-- Schema issues (seed 000, "Check for schema issues"): stored slot events with an empty machine_id or a
-- GAME_PLAYED without a wager. Validation rejects both before they are stored, so invalid_records
-- should stay 0; what validation caught is in rejected_events (rejected_last_hour).
SELECT
    (SELECT count()
     FROM casino_realtime.slot_events_live FINAL
     WHERE machine_id = '' OR (event_type = 'GAME_PLAYED' AND wager_amount IS NULL)) AS invalid_records,
    (SELECT count()
     FROM casino_realtime.rejected_events FINAL
     WHERE received_at > now64(3) - INTERVAL 1 HOUR)                                AS rejected_last_hour
