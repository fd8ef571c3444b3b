-- Floor heatmap of the last 5 minutes: slot activity at each machine position (seed 000,
-- "Generate floor heatmap data"). Machines without a known position are left out (inner join).
SELECT
    l.floor_section                 AS floor_section,
    l.x_coord                       AS x_coord,
    l.y_coord                       AS y_coord,
    count()                         AS activity_level,
    ifNull(sum(e.wager_amount), 0)  AS coin_in,
    activity_level / 100.0          AS heat_score
FROM casino_realtime.slot_events_live AS e FINAL
INNER JOIN (SELECT machine_id, floor_section, x_coord, y_coord FROM casino_realtime.machine_locations FINAL) AS l
    ON e.machine_id = l.machine_id
WHERE e.event_timestamp > now64(3) - INTERVAL 5 MINUTE
GROUP BY floor_section, x_coord, y_coord
ORDER BY floor_section, y_coord, x_coord
