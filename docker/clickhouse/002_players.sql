-- FloorWatch ClickHouse schema: player ratings and offers (SPEC 8.2). Same conventions as 001_schema.sql:
-- idempotent statements, UTC times, money Decimal(18,2) in dollars, replay-safe engines and keys.

-- ---------------------------------------------------------------- player ratings
-- One row per carded player and gaming day (the local date the gaming day starts on), written as versions
-- (at most about one per player per minute of floor time, and the final one at the end of a bounded run):
-- version = the slot events counted so far, so the row read with FINAL is the player's current rating and a
-- replay after a failure never moves it backwards.
CREATE TABLE IF NOT EXISTS casino_realtime.player_ratings
(
    player_id      String,
    gaming_day     Date,
    coin_in        Decimal(18, 2),
    games          UInt64,
    avg_bet        Decimal(18, 2),
    theo_win       Decimal(18, 2),
    minutes_played UInt64,
    sessions       UInt64,
    last_seen      DateTime64(3, 'UTC'),
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(gaming_day)
ORDER BY (player_id, gaming_day)
TTL gaming_day + INTERVAL 2 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- player offers
-- One row per offer_id (stable from rule, player and gaming day): a replay, or a new run from the earliest
-- offsets with empty state, re-inserts the same offer_id and the table keeps one row. The same records go,
-- as JSON keyed by player_id, to the transactional Kafka topic kafka.topics.offers (default player-offers).
CREATE TABLE IF NOT EXISTS casino_realtime.player_offers
(
    offer_id       String,
    player_id      String,
    rule_id        LowCardinality(String),
    reward         LowCardinality(String),
    value          Decimal(18, 2),
    gaming_day     Date,
    theo_win       Decimal(18, 2),
    coin_in        Decimal(18, 2),
    minutes_played UInt64,
    machine_id     String,
    event_time     DateTime64(3, 'UTC'),
    detected_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(gaming_day)
ORDER BY offer_id
TTL gaming_day + INTERVAL 2 YEAR
SETTINGS non_replicated_deduplication_window = 1000;
