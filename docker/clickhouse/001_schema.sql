-- FloorWatch ClickHouse schema, version 1 (SPEC §5, §6).
--
-- Applied in file-name order by the job (clickhouse.create-schema, SchemaInstaller, which puts the
-- configured clickhouse.database in place of casino_realtime) and by the ClickHouse Docker image
-- (mounted at /docker-entrypoint-initdb.d). Every statement is idempotent: later versions go into
-- new files (002_...sql) with ALTER ... IF NOT EXISTS, never by editing this one.
--
-- Exactly-once as the dashboards see it: a replay after a failure re-inserts rows, so every table is
-- a ReplacingMergeTree whose sorting key is the identity of a row (event_id, window key,
-- alert_id + status, Kafka coordinates). Reads with FINAL, or grouped by that key, count each once,
-- and background merges converge plain reads to the same. Identical batches re-sent by a retry are
-- dropped at insert by insert_deduplication_token, which needs non_replicated_deduplication_window.
--
-- Time columns are UTC. Money is Decimal(18,2) in dollars. Partitions are days of the row's own
-- (deterministic) time column, so a replayed row lands in the partition of the row it replaces.
-- Statements are separated by a semicolon at the end of a line (no semicolons inside statements).

CREATE DATABASE IF NOT EXISTS casino_realtime;

-- ---------------------------------------------------------------- raw events, one table per stream
-- Input fields under their JSON names; `extra` holds unknown input fields as a JSON object string;
-- topic / partition / offset say where the record came from (files and simulator: partition 0,
-- offset = sequence number); ingested_at is the Kafka append time (creation time for the simulator).

CREATE TABLE IF NOT EXISTS casino_realtime.slot_events_live
(
    event_id        String,
    event_type      LowCardinality(String),
    event_timestamp DateTime64(3, 'UTC'),
    machine_id      String,
    player_id       Nullable(String),
    wager_amount    Nullable(Decimal(18, 2)),
    payout_amount   Nullable(Decimal(18, 2)),
    amount          Nullable(Decimal(18, 2)),
    denomination    Nullable(Decimal(18, 2)),
    hopper_level    Nullable(Float64),
    error_code      LowCardinality(Nullable(String)),
    error_category  LowCardinality(Nullable(String)),
    meters          Nullable(String),
    floor_section   LowCardinality(Nullable(String)),
    extra           String DEFAULT '',
    topic           LowCardinality(String),
    `partition`     Int32,
    `offset`        Int64,
    ingested_at     DateTime64(3, 'UTC'),
    INDEX idx_machine machine_id TYPE bloom_filter GRANULARITY 4,
    INDEX idx_time event_timestamp TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(event_timestamp)
ORDER BY event_id
TTL toDateTime(event_timestamp) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS casino_realtime.table_events_live
(
    event_id        String,
    event_type      LowCardinality(String),
    event_timestamp DateTime64(3, 'UTC'),
    table_id        String,
    game_type       LowCardinality(Nullable(String)),
    amount          Nullable(Decimal(18, 2)),
    player_id       Nullable(String),
    payment_method  LowCardinality(Nullable(String)),
    dealer_id       Nullable(String),
    extra           String DEFAULT '',
    topic           LowCardinality(String),
    `partition`     Int32,
    `offset`        Int64,
    ingested_at     DateTime64(3, 'UTC'),
    INDEX idx_table table_id TYPE bloom_filter GRANULARITY 4,
    INDEX idx_time event_timestamp TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(event_timestamp)
ORDER BY event_id
TTL toDateTime(event_timestamp) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS casino_realtime.security_events_live
(
    event_id        String,
    event_type      LowCardinality(String),
    event_timestamp DateTime64(3, 'UTC'),
    location_id     String,
    machine_id      Nullable(String),
    badge_id        Nullable(String),
    severity        LowCardinality(Nullable(String)),
    extra           String DEFAULT '',
    topic           LowCardinality(String),
    `partition`     Int32,
    `offset`        Int64,
    ingested_at     DateTime64(3, 'UTC'),
    INDEX idx_time event_timestamp TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(event_timestamp)
ORDER BY event_id
TTL toDateTime(event_timestamp) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- Cage transactions are compliance records (CTR / SAR evidence): kept 5 years (31 CFR 1010.430).
CREATE TABLE IF NOT EXISTS casino_realtime.cage_transactions_live
(
    event_id        String,
    event_type      LowCardinality(String),
    event_timestamp DateTime64(3, 'UTC'),
    player_id       String,
    amount          Decimal(18, 2),
    direction       LowCardinality(String),
    payment_method  LowCardinality(String),
    cage_id         Nullable(String),
    employee_id     Nullable(String),
    extra           String DEFAULT '',
    topic           LowCardinality(String),
    `partition`     Int32,
    `offset`        Int64,
    ingested_at     DateTime64(3, 'UTC'),
    INDEX idx_player player_id TYPE bloom_filter GRANULARITY 4,
    INDEX idx_time event_timestamp TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(event_timestamp)
ORDER BY event_id
TTL toDateTime(event_timestamp) + INTERVAL 5 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- 1-minute windows (SPEC §5)
-- One row per window key; a window that fires again (allowed lateness) re-emits its row with a
-- higher `version`, which replaces the older one.

CREATE TABLE IF NOT EXISTS casino_realtime.machine_minute
(
    window_start  DateTime('UTC'),
    machine_id    String,
    floor_section LowCardinality(String),
    spins         UInt64,
    coin_in       Decimal(18, 2),
    coin_out      Decimal(18, 2),
    jackpots      UInt64,
    errors        UInt64,
    bills_in      Decimal(18, 2),
    players       UInt64,
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toDate(window_start)
ORDER BY (window_start, machine_id)
TTL window_start + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS casino_realtime.floor_minute
(
    window_start    DateTime('UTC'),
    floor_section   LowCardinality(String),
    spins           UInt64,
    coin_in         Decimal(18, 2),
    coin_out        Decimal(18, 2),
    active_machines UInt64,
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toDate(window_start)
ORDER BY (window_start, floor_section)
TTL window_start + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS casino_realtime.table_minute
(
    window_start DateTime('UTC'),
    table_id     String,
    game_type    LowCardinality(String),
    drop_amount  Decimal(18, 2),
    payouts      Decimal(18, 2),
    fills        Decimal(18, 2),
    credits      Decimal(18, 2),
    bets         UInt64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toDate(window_start)
ORDER BY (window_start, table_id)
TTL window_start + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- A session is keyed by player and start; an update of a still-open session carries a later
-- session_end, which the job writes as `version` (epoch ms).
CREATE TABLE IF NOT EXISTS casino_realtime.player_sessions
(
    player_id      String,
    session_start  DateTime64(3, 'UTC'),
    session_end    DateTime64(3, 'UTC'),
    coin_in        Decimal(18, 2),
    games          UInt64,
    avg_bet        Decimal(18, 2),
    theo_win       Decimal(18, 2),
    minutes_played UInt64,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toDate(session_start)
ORDER BY (player_id, session_start)
TTL toDateTime(session_start) + INTERVAL 2 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- alerts and their delivery
-- One row per message (a firing and its resolve are two rows); the columns of the webhook body,
-- `details` as a JSON object string. Kept 5 years: CTR / SAR alerts are compliance records.
-- Monthly partitions: few rows, long retention.
CREATE TABLE IF NOT EXISTS casino_realtime.alerts
(
    alert_id    String,
    rule        LowCardinality(String),
    severity    LowCardinality(String),
    status      LowCardinality(String),
    entity_type LowCardinality(String),
    entity_id   String,
    event_time  DateTime64(3, 'UTC'),
    detected_at DateTime64(3, 'UTC'),
    amount      Nullable(Decimal(18, 2)),
    summary     String,
    action      String,
    details     String DEFAULT '{}',
    INDEX idx_rule rule TYPE set(64) GRANULARITY 1,
    INDEX idx_time event_time TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (alert_id, status)
TTL toDateTime(event_time) + INTERVAL 5 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- Every webhook delivery attempt (written beside the webhook sink): an audit log, so plain MergeTree.
-- outcome: delivered / retry / failed; status_code is null when no answer came (network error, timeout).
CREATE TABLE IF NOT EXISTS casino_realtime.alert_deliveries
(
    alert_id     String,
    status       LowCardinality(String),
    route        LowCardinality(String),
    attempt      UInt32,
    status_code  Nullable(Int32),
    outcome      LowCardinality(String),
    error        String DEFAULT '',
    attempted_at DateTime64(3, 'UTC'),
    duration_ms  UInt64 DEFAULT 0
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(attempted_at)
ORDER BY (alert_id, status, route, attempted_at)
TTL toDateTime(attempted_at) + INTERVAL 5 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- pipeline health
-- Records that failed validation. Key: where the record came from, so a replay replaces its row.
-- `payload` is the raw record cut to 64 KiB.
CREATE TABLE IF NOT EXISTS casino_realtime.rejected_events
(
    received_at DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    topic       LowCardinality(String),
    `partition` Int32,
    `offset`    Int64,
    reason      LowCardinality(String),
    message     String,
    payload     String
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(received_at)
ORDER BY (topic, `partition`, `offset`)
TTL toDateTime(received_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- reference data
-- Where each machine stands (floor heatmap, section lookup); the last write of a machine wins.
CREATE TABLE IF NOT EXISTS casino_realtime.machine_locations
(
    machine_id    String,
    floor_section LowCardinality(String),
    x_coord       Int32,
    y_coord       Int32
)
ENGINE = ReplacingMergeTree
ORDER BY machine_id
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- Title 31 depth (SPEC §8.4)
-- Compliance tables: the floor's Grafana user is not granted them (users.d/grafana.xml). Kept 5 years
-- like the other compliance records (31 CFR 1010.430; W-2G records 26 CFR 31.6001-1: at least 4).
-- Every column is derived from the input and from the job's event-time order, never from the wall
-- clock, so a replay re-derives the same rows; ReplacingMergeTree on the row's identity.

-- The Multiple Transaction Log: one row per cash transaction of at least rules.mtl.threshold.
-- day_total: the player's total of the gaming day in that direction, this transaction included, in
-- event-time order (ties by event_id); player_id and day_total are null for a table BUY_IN without a
-- player. location: cage_id or table_id; employee_id: the cage's employee_id or the table's dealer_id.
CREATE TABLE IF NOT EXISTS casino_realtime.mtl_entries
(
    event_id    String,
    gaming_day  Date,
    player_id   Nullable(String),
    direction   LowCardinality(String),
    amount      Decimal(18, 2),
    event_time  DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    location    Nullable(String),
    employee_id Nullable(String),
    day_total   Nullable(Decimal(18, 2)),
    INDEX idx_player player_id TYPE bloom_filter GRANULARITY 4,
    INDEX idx_day gaming_day TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(gaming_day)
ORDER BY event_id
TTL gaming_day + INTERVAL 5 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per W2G_REQUIRED firing, keyed by its alert_id: the data of the Form W-2G.
-- id_required = 1 when the jackpot was uncarded (player_id null); date_won is the local calendar
-- date paid, the date the W-2G threshold in force (threshold) is looked up by.
CREATE TABLE IF NOT EXISTS casino_realtime.w2g_forms
(
    alert_id       String,
    machine_id     String,
    player_id      Nullable(String),
    id_required    UInt8,
    gross_winnings Decimal(18, 2),
    wager          Nullable(Decimal(18, 2)),
    date_won       Date,
    event_time     DateTime64(3, 'UTC'),
    threshold      Decimal(18, 2),
    floor_section  LowCardinality(Nullable(String)),
    INDEX idx_date date_won TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(date_won)
ORDER BY alert_id
TTL date_won + INTERVAL 5 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- SAS exception codes and meters (SPEC 8.5)
-- slot_events_live: error_category (INTEGRITY, POWER_OFF_ACCESS, SERVICE, FAULT, OTHER on ERROR events, else null)
-- and meters (the counters of a METERS event as a JSON object string, else null). A deployment created before
-- SPEC 8.5 gets them here; on a new one the CREATE above has them already and these do nothing.
ALTER TABLE casino_realtime.slot_events_live ADD COLUMN IF NOT EXISTS error_category LowCardinality(Nullable(String)) AFTER error_code;
ALTER TABLE casino_realtime.slot_events_live ADD COLUMN IF NOT EXISTS meters Nullable(String) AFTER error_category;

-- Meter deltas of each machine's METERS snapshots, summed per minute of the snapshot's event time: the money
-- counters in dollars, games_played, and how many counters rolled over or were reset. Written once per machine and
-- minute when the watermark passes the minute; a replay writes the same row again.
CREATE TABLE IF NOT EXISTS casino_realtime.machine_meter_deltas
(
    window_start  DateTime('UTC'),
    machine_id    String,
    floor_section LowCardinality(String),
    coin_in       Decimal(18, 2),
    coin_out      Decimal(18, 2),
    jackpot       Decimal(18, 2),
    bills_in      Decimal(18, 2),
    games_played  UInt64,
    rollovers     UInt64,
    resets        UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(window_start)
ORDER BY (window_start, machine_id)
TTL window_start + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- ---------------------------------------------------------------- live rule changes (SPEC 8.1)
-- One row per control-topic change_id, APPLIED or REJECTED. Every column comes from the message and its position
-- (applied_at is the message's Kafka timestamp), so a replay of the control topic writes the very same rows.
CREATE TABLE IF NOT EXISTS casino_realtime.rule_changes
(
    change_id  String,
    `key`      String,
    old_value  Nullable(String),
    new_value  Nullable(String),
    changed_by Nullable(String),
    changed_at Nullable(DateTime64(3, 'UTC')),
    applied_at DateTime64(3, 'UTC'),
    status     LowCardinality(String),
    message    Nullable(String)
)
ENGINE = ReplacingMergeTree
ORDER BY change_id
SETTINGS non_replicated_deduplication_window = 1000;
