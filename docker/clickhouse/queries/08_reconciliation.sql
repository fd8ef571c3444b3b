-- Reconciliation per topic and partition: every offset between the first and the last one seen must be a
-- stored event or a rejected record. Stored rows are distinct events (event_id), so a record re-sent by a
-- producer (same event_id at a later offset) shows up in unaccounted, as does a lost record; unaccounted
-- above the known re-send rate means loss. first_offset is the lowest seen, not 0: Kafka retention may
-- have deleted the beginning of a topic.
SELECT
    topic,
    `partition`,
    min(lo)                                                   AS first_offset,
    max(hi) + 1                                               AS next_offset,
    next_offset - first_offset                                AS offsets,
    sumIf(records, kind = 'stored')                           AS stored,
    sumIf(records, kind = 'rejected')                         AS rejected,
    toInt64(offsets) - toInt64(stored) - toInt64(rejected)    AS unaccounted
FROM
(
    SELECT 'stored' AS kind, topic, `partition`, min(`offset`) AS lo, max(`offset`) AS hi, count() AS records
    FROM casino_realtime.slot_events_live FINAL GROUP BY topic, `partition`
    UNION ALL
    SELECT 'stored', topic, `partition`, min(`offset`), max(`offset`), count()
    FROM casino_realtime.table_events_live FINAL GROUP BY topic, `partition`
    UNION ALL
    SELECT 'stored', topic, `partition`, min(`offset`), max(`offset`), count()
    FROM casino_realtime.security_events_live FINAL GROUP BY topic, `partition`
    UNION ALL
    SELECT 'stored', topic, `partition`, min(`offset`), max(`offset`), count()
    FROM casino_realtime.cage_transactions_live FINAL GROUP BY topic, `partition`
    UNION ALL
    SELECT 'rejected', topic, `partition`, min(`offset`), max(`offset`), count()
    FROM casino_realtime.rejected_events FINAL GROUP BY topic, `partition`
)
GROUP BY topic, `partition`
ORDER BY topic, `partition`
