-- Real-time floor overview, last 5 minutes (seed 000, "Real-time floor overview").
-- Spins and active machines follow SPEC §5 (GAME_PLAYED only); coin in / out are the sums over all slot
-- events. Hold % is NULL while there is no coin in, rather than a division by zero.
SELECT
    countIf(event_type = 'GAME_PLAYED')                      AS total_spins,
    ifNull(sum(wager_amount), 0)                             AS total_coin_in,
    ifNull(sum(payout_amount), 0)                            AS total_coin_out,
    uniqExactIf(machine_id, event_type = 'GAME_PLAYED')      AS active_machines,
    if(total_coin_in = 0, NULL,
       round(toFloat64(total_coin_in - total_coin_out) / toFloat64(total_coin_in) * 100, 2)) AS hold_percentage
FROM casino_realtime.slot_events_live FINAL
WHERE event_timestamp > now64(3) - INTERVAL 5 MINUTE
