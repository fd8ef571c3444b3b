-- Jackpot alerts: wins of $1,200 or more in the last hour, with the seed's alert level (seed 000).
-- The levels match the severity of the JACKPOT rule (SPEC §5).
SELECT
    event_timestamp,
    machine_id,
    payout_amount,
    multiIf(payout_amount >= 10000, 'HIGH', payout_amount >= 5000, 'MEDIUM', 'LOW') AS alert_level
FROM casino_realtime.slot_events_live FINAL
WHERE event_timestamp > now64(3) - INTERVAL 1 HOUR
  AND payout_amount >= 1200
ORDER BY event_timestamp DESC
