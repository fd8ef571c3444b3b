package io.floorwatch.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.configuration.MemorySize;

/**
 * Every configuration key FloorWatch knows, with its default and meaning. The README's key table is
 * checked against this list by a test, and an unknown key stops the job at start.
 */
public final class Options {
    private Options() {}

    // ---- sources
    public static final Option<String> SOURCES_MODE = opt(
            "sources.mode",
            "kafka",
            ValueParsers.oneOf("kafka", "simulator", "files"),
            "Where events come from: kafka, simulator or files (JSONL per stream).");
    public static final Option<Boolean> SOURCES_BOUNDED = opt(
            "sources.bounded",
            "false",
            ValueParsers::bool,
            "Read the sources to their current end, then finish: windows close, sinks flush, offsets are committed, exit 0.");
    public static final Option<String> SOURCES_FILES_DIR = opt(
            "sources.files.dir",
            "",
            ValueParsers::string,
            "Directory with slot.jsonl, table.jsonl, security.jsonl and cage.jsonl (files mode; a missing file is an empty stream).");

    // ---- simulator
    public static final Option<Long> SIMULATOR_SEED = opt(
            "simulator.seed",
            "42",
            ValueParsers::positiveLong,
            "Seed of the floor simulator: the same seed gives the same floor and the same events.");
    public static final Option<Integer> SIMULATOR_RATE = opt(
            "simulator.rate",
            "500",
            ValueParsers::positiveInt,
            "Events per second the simulator produces (all streams together).");
    public static final Option<Integer> SIMULATOR_MACHINES =
            opt("simulator.machines", "240", ValueParsers::positiveInt, "Slot machines on the simulated floor.");
    public static final Option<Integer> SIMULATOR_SECTIONS = opt(
            "simulator.sections",
            "6",
            ValueParsers::positiveInt,
            "Floor sections (A, B, C, ...) the machines are laid out in.");
    public static final Option<Integer> SIMULATOR_TABLES =
            opt("simulator.tables", "24", ValueParsers::positiveInt, "Table games on the simulated floor.");
    public static final Option<Integer> SIMULATOR_PLAYERS = opt(
            "simulator.players",
            "2000",
            ValueParsers::positiveInt,
            "Players known to the simulated casino (carded and cage customers).");
    public static final Option<Double> SIMULATOR_MALFORMED_SHARE = opt(
            "simulator.malformed-share",
            "0.002",
            ValueParsers::fraction,
            "Share of deliberately malformed records the simulator emits (rejected by validation).");
    public static final Option<Long> SIMULATOR_MAX_EVENTS = opt(
            "simulator.max-events",
            "0",
            ValueParsers::nonNegativeLong,
            "Stop after this many events (0 = unlimited; a bounded simulator run needs a limit).");

    // ---- kafka
    public static final Option<String> KAFKA_BOOTSTRAP = opt(
            "kafka.bootstrap-servers", "", ValueParsers::string, "Kafka bootstrap servers (required in kafka mode).");
    public static final Option<String> KAFKA_GROUP_ID = opt(
            "kafka.group-id",
            "floorwatch",
            ValueParsers::string,
            "Consumer group; offsets are committed on checkpoints.");
    public static final Option<String> KAFKA_STARTING_OFFSETS = opt(
            "kafka.starting-offsets",
            "committed",
            ValueParsers.oneOf("committed", "earliest", "latest"),
            "committed (falls back to earliest), earliest or latest.");
    public static final Option<String> KAFKA_TOPIC_SLOT =
            opt("kafka.topics.slot", "slot-telemetry", ValueParsers::string, "Slot telemetry topic.");
    public static final Option<String> KAFKA_TOPIC_TABLE =
            opt("kafka.topics.table", "table-games", ValueParsers::string, "Table games topic.");
    public static final Option<String> KAFKA_TOPIC_SECURITY =
            opt("kafka.topics.security", "security-events", ValueParsers::string, "Security events topic.");
    public static final Option<String> KAFKA_TOPIC_CAGE =
            opt("kafka.topics.cage", "cage-transactions", ValueParsers::string, "Cage transactions topic.");
    public static final Option<String> KAFKA_TOPIC_CONTROL = opt(
            "kafka.topics.control",
            "floorwatch-control",
            ValueParsers::string,
            "Live rule changes (SPEC 8.1): read whole before any floor event at every start, then followed live; rules set writes here.");
    public static final Option<String> KAFKA_TOPIC_WATCHLIST = opt(
            "kafka.topics.watchlist",
            "patron-watchlist",
            ValueParsers::string,
            "Excluded patrons (SPEC 8.3), compacted, keyed by player_id: read whole before any floor event at every start, then followed live.");
    public static final Option<String> KAFKA_TOPIC_OFFERS = opt(
            "kafka.topics.offers",
            "player-offers",
            ValueParsers::string,
            "Player offers (SPEC 8.2), JSON keyed by player_id, written transactionally.");
    public static final Option<Duration> CONTROL_BOOTSTRAP_TIMEOUT = opt(
            "control.bootstrap-timeout",
            "2min",
            ValueParsers::duration,
            "At start, how long reading the control and watchlist topics to their end may take before the start fails.");

    // ---- clickhouse
    public static final Option<String> CLICKHOUSE_URL = opt(
            "clickhouse.url",
            "",
            ValueParsers::optionalUrl,
            "ClickHouse HTTP URL, e.g. http://127.0.0.1:8123; empty turns the ClickHouse sink off.");
    public static final Option<String> CLICKHOUSE_DATABASE =
            opt("clickhouse.database", "casino_realtime", ValueParsers::string, "Database.");
    public static final Option<String> CLICKHOUSE_USER = opt(
            "clickhouse.user",
            "default",
            ValueParsers::headerCredential,
            "User (printable US-ASCII: it travels in an HTTP header).");
    public static final Option<String> CLICKHOUSE_PASSWORD = opt(
            "clickhouse.password",
            "",
            ValueParsers::headerCredential,
            "Password (printable US-ASCII, checked at start: it travels in an HTTP header); also from FLOORWATCH_CLICKHOUSE_PASSWORD. Never logged.");
    public static final Option<Boolean> CLICKHOUSE_CREATE_SCHEMA = opt(
            "clickhouse.create-schema",
            "false",
            ValueParsers::bool,
            "Create the database and tables if missing, at start.");
    public static final Option<Integer> CLICKHOUSE_BATCH_ROWS =
            opt("clickhouse.batch-rows", "20000", ValueParsers::positiveInt, "Rows per insert at most.");
    public static final Option<Integer> CLICKHOUSE_BATCH_BYTES =
            opt("clickhouse.batch-bytes", "8388608", ValueParsers::positiveInt, "Bytes per insert at most.");
    public static final Option<Duration> CLICKHOUSE_FLUSH_INTERVAL = opt(
            "clickhouse.flush-interval",
            "1s",
            ValueParsers::duration,
            "A batch is sent at the latest this long after its first row (and always on checkpoint).");
    public static final Option<Integer> CLICKHOUSE_MAX_RETRIES = opt(
            "clickhouse.max-retries",
            "30",
            ValueParsers::nonNegativeInt,
            "Retries of one insert (exponential backoff) before the job fails and restarts from its last checkpoint.");
    public static final Option<Duration> CLICKHOUSE_RETRY_BACKOFF = opt(
            "clickhouse.retry-backoff",
            "200ms",
            ValueParsers::duration,
            "First retry delay; doubles up to clickhouse.max-retry-backoff.");
    public static final Option<Duration> CLICKHOUSE_MAX_RETRY_BACKOFF =
            opt("clickhouse.max-retry-backoff", "10s", ValueParsers::duration, "Longest delay between two retries.");
    public static final Option<Duration> CLICKHOUSE_REQUEST_TIMEOUT =
            opt("clickhouse.request-timeout", "30s", ValueParsers::duration, "Timeout of one insert request.");

    // ---- webhook
    public static final Option<String> WEBHOOK_URL = opt(
            "webhook.url", "", ValueParsers::optionalUrl, "Floor and operations alerts; empty turns this route off.");
    public static final Option<String> WEBHOOK_COMPLIANCE_URL = opt(
            "webhook.compliance-url",
            "",
            ValueParsers::optionalUrl,
            "CTR_REQUIRED, CTR_APPROACHING and SAR_STRUCTURING go here and never to webhook.url; empty keeps them in ClickHouse only.");
    public static final Option<String> WEBHOOK_SECRET = opt(
            "webhook.secret",
            "",
            ValueParsers::headerCredential,
            "HMAC-SHA256 signing secret (printable US-ASCII, so receivers get the same bytes); also from FLOORWATCH_WEBHOOK_SECRET. Empty = unsigned. Never logged.");
    public static final Option<String> WEBHOOK_MIN_SEVERITY = opt(
            "webhook.min-severity",
            "LOW",
            ValueParsers.oneOf("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"),
            "Lowest severity sent (firing and resolved alike).");
    public static final Option<Duration> WEBHOOK_CONNECT_TIMEOUT =
            opt("webhook.connect-timeout", "3s", ValueParsers::duration, "Connect timeout of one delivery attempt.");
    public static final Option<Duration> WEBHOOK_REQUEST_TIMEOUT = opt(
            "webhook.request-timeout",
            "10s",
            ValueParsers::duration,
            "Hard deadline of one delivery attempt, response body included (a receiver that stalls mid-response is cut off).");
    public static final Option<Duration> WEBHOOK_RETRY_BACKOFF = opt(
            "webhook.retry-backoff",
            "500ms",
            ValueParsers::duration,
            "First retry delay (with jitter); doubles up to webhook.max-retry-backoff.");
    public static final Option<Duration> WEBHOOK_MAX_RETRY_BACKOFF = opt(
            "webhook.max-retry-backoff",
            "30s",
            ValueParsers::duration,
            "Longest delay between two attempts (a Retry-After header may ask for longer, up to webhook.max-retry-after).");
    public static final Option<Integer> WEBHOOK_MAX_IN_FLIGHT = opt(
            "webhook.max-in-flight",
            "16",
            ValueParsers::positiveInt,
            "Alerts being delivered at once per sink instance, all routes together (a route with nothing in flight may still "
                    + "start one); more wait in checkpointed state.");
    public static final Option<Integer> WEBHOOK_MAX_PENDING = opt(
            "webhook.max-pending",
            "100000",
            ValueParsers::positiveInt,
            "Undelivered alerts kept before the sink applies backpressure.");

    // ---- validation, time, watermarks
    public static final Option<Duration> VALIDATION_MAX_FUTURE_SKEW = opt(
            "validation.max-future-skew",
            "5min",
            ValueParsers::duration,
            "Events stamped further ahead of the wall clock are rejected (FUTURE_TIMESTAMP).");
    public static final Option<Long> VALIDATION_MAX_AMOUNT = opt(
            "validation.max-amount",
            "10000000",
            ValueParsers::moneyCents,
            "Largest accepted money value in dollars; larger is rejected (AMOUNT_TOO_LARGE).");
    public static final Option<Integer> VALIDATION_MAX_PAYLOAD_BYTES = opt(
            "validation.max-payload-bytes",
            "1048576",
            ValueParsers::positiveInt,
            "Larger records are rejected (PAYLOAD_TOO_LARGE) without being parsed.");
    public static final Option<ZoneId> CASINO_TIMEZONE = opt(
            "casino.timezone",
            "America/Los_Angeles",
            ValueParsers::zone,
            "Local time of the property: local timestamps, gaming days and W-2G dates.");
    public static final Option<LocalTime> CASINO_GAMING_DAY_START =
            opt("casino.gaming-day-start", "06:00", ValueParsers::timeOfDay, "Local start of the gaming day.");
    public static final Option<Duration> WATERMARK_MAX_OUT_OF_ORDERNESS = opt(
            "watermark.max-out-of-orderness", "5s", ValueParsers::duration, "Bounded out-of-orderness of each source.");
    public static final Option<Duration> WATERMARK_IDLENESS = opt(
            "watermark.idleness",
            "30s",
            ValueParsers::duration,
            "A source partition quiet this long no longer holds the watermark back.");
    public static final Option<Duration> WATERMARK_MAX_INGEST_SKEW = opt(
            "watermark.max-ingest-skew",
            "5s",
            ValueParsers::duration,
            "An event moves the watermark at most this far past its ingest time (Kafka record timestamp), so a device with a "
                    + "fast clock cannot make other devices' events late; the event keeps its time. Metric watermarkClampedEvents.");
    public static final Option<Duration> AGGREGATION_ALLOWED_LATENESS = opt(
            "aggregation.allowed-lateness",
            "0s",
            ValueParsers::duration,
            "Late events within this bound update (replace) their window's row; later ones only reach the raw tables.");
    public static final Option<Duration> DEDUP_TTL = opt(
            "dedup.ttl",
            "30min",
            ValueParsers::duration,
            "How long an event_id is remembered to drop redelivered duplicates (producer retries come within "
                    + "seconds; replays after a failure are handled by checkpoints). State grows with rate x this. Cash transactions are also "
                    + "remembered by the compliance ledger for their whole gaming day, so a later re-send never counts twice in a CTR total or a SAR.");
    public static final Option<String> FLOOR_LOCATIONS_FILE = opt(
            "floor.locations-file",
            "",
            ValueParsers::string,
            "CSV machine_id,floor_section,x_coord,y_coord of the real floor (the simulator supplies its own layout).");

    // ---- job / runtime
    public static final Option<Integer> JOB_PARALLELISM = opt(
            "job.parallelism",
            "2",
            ValueParsers::positiveInt,
            "Parallelism of local runs (a cluster submission may override it).");
    public static final Option<String> STATE_BACKEND = opt(
            "state.backend", "rocksdb", ValueParsers.oneOf("rocksdb", "hashmap"), "Keyed state backend of local runs.");
    public static final Option<String> STATE_ROCKSDB_DIR = opt(
            "state.rocksdb-dir",
            "",
            ValueParsers::string,
            "Where RocksDB keeps its working files in local runs (empty = the private temp dir); a private "
                    + "floorwatch-<user> directory is made in it. Their durability is the checkpoint's, so a memory file "
                    + "system (/dev/shm) is safe: every checkpoint's synchronous part (a RocksDB flush per keyed operator) "
                    + "then takes a fraction of the time, for memory the size of the state's files.");
    public static final Option<MemorySize> STATE_ROCKSDB_MEMORY = opt(
            "state.rocksdb-memory",
            "640mb",
            ValueParsers::memorySize,
            "RocksDB's memory in local runs (block cache and write buffers, shared by the job's slots; Flink's managed "
                    + "memory), as a cluster with flink-conf/config.yaml gives it (0.4 of a 2 GB TaskManager). With Flink's "
                    + "local default of 128 MB its write buffers filled and flushed so often that compacting the files "
                    + "took a fifth of the job's CPU.");
    public static final Option<Duration> CHECKPOINT_INTERVAL =
            opt("checkpoint.interval", "10s", ValueParsers::duration, "Exactly-once checkpoint interval.");
    public static final Option<String> CHECKPOINT_DIR = opt(
            "checkpoint.dir",
            "",
            ValueParsers::string,
            "Checkpoint directory URI for local runs (empty = ~/.floorwatch/checkpoints, created rwx------: it holds player ids and CTR totals).");
    public static final Option<String> OUTPUT_DIR = opt(
            "output.dir",
            "",
            ValueParsers::string,
            "Where local outputs (alerts.jsonl, ...) go when ClickHouse / webhook are not configured; empty = none.");
    public static final Option<Boolean> CONSOLE_ENABLED = opt(
            "console.enabled",
            "false",
            ValueParsers::bool,
            "Print the live floor view (per-section play, hold %, alerts) to the terminal.");

    // ---- rules (SPEC §5)
    public static final Option<Long> JACKPOT_THRESHOLD = opt(
            "rules.jackpot.threshold",
            "1200",
            ValueParsers::moneyCents,
            "JACKPOT fires when a slot event pays at least this (dollars); also the machine_minute jackpots threshold.");
    public static final Option<Long> JACKPOT_MEDIUM = opt(
            "rules.jackpot.medium-threshold", "5000", ValueParsers::moneyCents, "JACKPOT is MEDIUM from this payout.");
    public static final Option<Long> JACKPOT_HIGH =
            opt("rules.jackpot.high-threshold", "10000", ValueParsers::moneyCents, "JACKPOT is HIGH from this payout.");
    public static final Option<TreeMap<LocalDate, Long>> W2G_THRESHOLDS = opt(
            "rules.w2g.thresholds",
            "1970-01-01=1200,2026-01-01=2000",
            ValueParsers::datedThresholds,
            "Dated W-2G thresholds (DATE=DOLLARS, or a YAML map): the entry in force on the local date paid applies.");
    public static final Option<Duration> HANDPAY_WAIT_TIMEOUT = opt(
            "rules.handpay-wait.timeout",
            "10min",
            ValueParsers::duration,
            "HANDPAY_WAIT fires when a JACKPOT is not reset within this.");
    public static final Option<Integer> REPEAT_JACKPOTS_COUNT = opt(
            "rules.repeat-jackpots.count",
            "3",
            ValueParsers::positiveInt,
            "REPEAT_JACKPOTS fires on this many jackpots on one machine ...");
    public static final Option<Duration> REPEAT_JACKPOTS_WINDOW =
            opt("rules.repeat-jackpots.window", "60min", ValueParsers::duration, "... within this.");
    public static final Option<Integer> MACHINE_ERRORS_THRESHOLD = opt(
            "rules.machine-errors.threshold",
            "5",
            ValueParsers::positiveInt,
            "MACHINE_ERRORS fires on more than this many ERROR events on one machine ...");
    public static final Option<Duration> MACHINE_ERRORS_WINDOW =
            opt("rules.machine-errors.window", "15min", ValueParsers::duration, "... within this.");
    public static final Option<Integer> MACHINE_CRITICAL_THRESHOLD = opt(
            "rules.machine-critical.threshold",
            "10",
            ValueParsers::positiveInt,
            "MACHINE_CRITICAL fires on more than this many ERROR events on one machine ...");
    public static final Option<Duration> MACHINE_CRITICAL_WINDOW =
            opt("rules.machine-critical.window", "5min", ValueParsers::duration, "... within this.");
    public static final Option<Duration> MACHINE_ERRORS_QUIET = opt(
            "rules.machine-errors.quiet-period",
            "15min",
            ValueParsers::duration,
            "MACHINE_ERRORS and MACHINE_CRITICAL resolve after this long without errors.");
    public static final Option<Duration> MACHINE_OFFLINE_TIMEOUT = opt(
            "rules.machine-offline.timeout",
            "10min",
            ValueParsers::duration,
            "MACHINE_OFFLINE fires when a machine that has played sends nothing for this long of floor time.");
    public static final Option<Double> HOPPER_FILL_THRESHOLD = opt(
            "rules.hopper-fill.threshold",
            "20",
            ValueParsers::positiveDouble,
            "HOPPER_FILL fires below this hopper level (percent) and resolves at or above it.");
    public static final Option<Double> HOT_MACHINE_RATIO = opt(
            "rules.hot-machine.ratio",
            "2.0",
            ValueParsers::positiveDouble,
            "HOT_MACHINE: coin in over the window above this multiple of the section average.");
    public static final Option<Double> COLD_MACHINE_RATIO = opt(
            "rules.cold-machine.ratio",
            "0.2",
            ValueParsers::positiveDouble,
            "COLD_MACHINE: coin in over the window below this multiple of the section average.");
    public static final Option<Duration> HOT_COLD_WINDOW = opt(
            "rules.hot-cold.window",
            "60min",
            ValueParsers::duration,
            "Window of the HOT/COLD comparison (evaluated once per window, aligned to the hour).");
    public static final Option<Integer> HOT_COLD_MIN_MACHINES = opt(
            "rules.hot-cold.min-machines",
            "3",
            ValueParsers::positiveInt,
            "Machines with play a section needs before HOT/COLD compares them.");
    public static final Option<Double> FLOOR_ANOMALY_SIGMA = opt(
            "rules.floor-anomaly.sigma",
            "3",
            ValueParsers::positiveDouble,
            "FLOOR_ANOMALY fires when a minute's floor coin in is more than this many standard deviations from the trailing mean.");
    public static final Option<Duration> FLOOR_ANOMALY_WINDOW = opt(
            "rules.floor-anomaly.window",
            "60min",
            ValueParsers::duration,
            "Trailing window of the mean and deviation.");
    public static final Option<Integer> FLOOR_ANOMALY_WARMUP = opt(
            "rules.floor-anomaly.warmup-minutes",
            "30",
            ValueParsers::positiveInt,
            "Minutes of history needed before FLOOR_ANOMALY evaluates.");
    public static final Option<Long> CTR_THRESHOLD = opt(
            "rules.ctr.threshold",
            "10000",
            ValueParsers::moneyCents,
            "CTR_REQUIRED fires when a player's cash in (or cash out) in one gaming day exceeds this (dollars).");
    public static final Option<Long> CTR_WARN_AT = opt(
            "rules.ctr.warn-at",
            "8000",
            ValueParsers::moneyCents,
            "CTR_APPROACHING fires the first time a player's cash in (or cash out) in one gaming day is at least this and at most rules.ctr.threshold (dollars; must be below the threshold).");
    public static final Option<Long> MTL_THRESHOLD = opt(
            "rules.mtl.threshold",
            "3000",
            ValueParsers::moneyCents,
            "mtl_entries logs every cash transaction of at least this (dollars, per transaction, inclusive).");
    public static final Option<Long> SAR_MIN_AMOUNT = opt(
            "rules.sar.min-amount",
            "8000",
            ValueParsers::moneyCents,
            "SAR_STRUCTURING: smallest qualifying cash transaction (inclusive).");
    public static final Option<Long> SAR_MAX_AMOUNT = opt(
            "rules.sar.max-amount",
            "9999.99",
            ValueParsers::moneyCents,
            "SAR_STRUCTURING: largest qualifying cash transaction (inclusive).");
    public static final Option<Integer> SAR_COUNT = opt(
            "rules.sar.count", "2", ValueParsers::positiveInt, "SAR_STRUCTURING: qualifying transactions needed ...");
    public static final Option<Duration> SAR_WINDOW =
            opt("rules.sar.window", "24h", ValueParsers::duration, "... within this.");
    public static final Option<Integer> SHUFFLER_COUNT = opt(
            "rules.shuffler.count",
            "3",
            ValueParsers::positiveInt,
            "SHUFFLER_MAINTENANCE fires on this many SHUFFLER_ERROR on one table ...");
    public static final Option<Duration> SHUFFLER_WINDOW =
            opt("rules.shuffler.window", "60min", ValueParsers::duration, "... within this.");
    public static final Option<Duration> DOOR_OPEN_WINDOW = opt(
            "rules.door-open.window",
            "5min",
            ValueParsers::duration,
            "UNATTENDED_DOOR_OPEN: an ACCESS_GRANTED for the machine this long before the DOOR_OPEN makes it attended.");
    public static final Option<Duration> STALE_SOURCE_TIMEOUT = opt(
            "rules.stale-source.timeout",
            "60s",
            ValueParsers::duration,
            "STALE_SOURCE fires when a flowing source sends nothing for this long (processing time).");
    public static final Option<Double> PLAYER_HOUSE_EDGE = opt(
            "rules.player.house-edge",
            "0.08",
            ValueParsers::fraction,
            "House edge for player_sessions and player_ratings theo_win (coin in x edge); the rows written and offers judged after a live change follow it.");
    public static final Option<Duration> PLAYER_SESSION_GAP = opt(
            "rules.player.session-gap",
            "30min",
            ValueParsers::duration,
            "A player session ends after this long without play.");

    // ---- simulator helper: start of the simulated clock, generator file output
    public static final Option<String> SIMULATOR_START_TIME = opt(
            "simulator.start-time",
            "",
            Options::instantOrEmpty,
            "Floor time of the simulator's first event (ISO-8601 instant, e.g. 2026-11-22T20:00:00Z); empty = now at start.");
    public static final Option<Double> SIMULATOR_INCIDENT_RATE = opt(
            "simulator.incident-rate",
            "1",
            ValueParsers::positiveDouble,
            "Multiplier of how often the simulator stages incidents (jackpots, error bursts, door opens, alarms, CTR and SAR cases).");
    public static final Option<String> GENERATE_OUTPUT_DIR = opt(
            "generate.output-dir",
            "",
            ValueParsers::string,
            "jobs/floorwatch generate: write slot.jsonl, table.jsonl, security.jsonl, cage.jsonl here instead of to Kafka.");

    private static String instantOrEmpty(String raw) {
        String v = raw == null ? "" : raw.trim();
        if (v.isEmpty()) return "";
        try {
            return java.time.Instant.parse(v).toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "expected an ISO-8601 instant such as 2026-11-22T20:00:00Z, got '" + raw + "'");
        }
    }

    /** All keys, in documentation order. */
    public static final List<Option<?>> ALL = List.of(
            SOURCES_MODE,
            SOURCES_BOUNDED,
            SOURCES_FILES_DIR,
            SIMULATOR_SEED,
            SIMULATOR_RATE,
            SIMULATOR_MACHINES,
            SIMULATOR_SECTIONS,
            SIMULATOR_TABLES,
            SIMULATOR_PLAYERS,
            SIMULATOR_MALFORMED_SHARE,
            SIMULATOR_MAX_EVENTS,
            KAFKA_BOOTSTRAP,
            KAFKA_GROUP_ID,
            KAFKA_STARTING_OFFSETS,
            KAFKA_TOPIC_SLOT,
            KAFKA_TOPIC_TABLE,
            KAFKA_TOPIC_SECURITY,
            KAFKA_TOPIC_CAGE,
            KAFKA_TOPIC_CONTROL,
            KAFKA_TOPIC_WATCHLIST,
            KAFKA_TOPIC_OFFERS,
            CONTROL_BOOTSTRAP_TIMEOUT,
            CLICKHOUSE_URL,
            CLICKHOUSE_DATABASE,
            CLICKHOUSE_USER,
            CLICKHOUSE_PASSWORD,
            CLICKHOUSE_CREATE_SCHEMA,
            CLICKHOUSE_BATCH_ROWS,
            CLICKHOUSE_BATCH_BYTES,
            CLICKHOUSE_FLUSH_INTERVAL,
            CLICKHOUSE_MAX_RETRIES,
            CLICKHOUSE_RETRY_BACKOFF,
            CLICKHOUSE_MAX_RETRY_BACKOFF,
            CLICKHOUSE_REQUEST_TIMEOUT,
            WEBHOOK_URL,
            WEBHOOK_COMPLIANCE_URL,
            WEBHOOK_SECRET,
            WEBHOOK_MIN_SEVERITY,
            WEBHOOK_CONNECT_TIMEOUT,
            WEBHOOK_REQUEST_TIMEOUT,
            WEBHOOK_RETRY_BACKOFF,
            WEBHOOK_MAX_RETRY_BACKOFF,
            WEBHOOK_MAX_IN_FLIGHT,
            WEBHOOK_MAX_PENDING,
            VALIDATION_MAX_FUTURE_SKEW,
            VALIDATION_MAX_AMOUNT,
            VALIDATION_MAX_PAYLOAD_BYTES,
            CASINO_TIMEZONE,
            CASINO_GAMING_DAY_START,
            WATERMARK_MAX_OUT_OF_ORDERNESS,
            WATERMARK_IDLENESS,
            WATERMARK_MAX_INGEST_SKEW,
            AGGREGATION_ALLOWED_LATENESS,
            DEDUP_TTL,
            FLOOR_LOCATIONS_FILE,
            JOB_PARALLELISM,
            STATE_BACKEND,
            STATE_ROCKSDB_DIR,
            STATE_ROCKSDB_MEMORY,
            CHECKPOINT_INTERVAL,
            CHECKPOINT_DIR,
            OUTPUT_DIR,
            CONSOLE_ENABLED,
            JACKPOT_THRESHOLD,
            JACKPOT_MEDIUM,
            JACKPOT_HIGH,
            W2G_THRESHOLDS,
            HANDPAY_WAIT_TIMEOUT,
            REPEAT_JACKPOTS_COUNT,
            REPEAT_JACKPOTS_WINDOW,
            MACHINE_ERRORS_THRESHOLD,
            MACHINE_ERRORS_WINDOW,
            MACHINE_CRITICAL_THRESHOLD,
            MACHINE_CRITICAL_WINDOW,
            MACHINE_ERRORS_QUIET,
            MACHINE_OFFLINE_TIMEOUT,
            HOPPER_FILL_THRESHOLD,
            HOT_MACHINE_RATIO,
            COLD_MACHINE_RATIO,
            HOT_COLD_WINDOW,
            HOT_COLD_MIN_MACHINES,
            FLOOR_ANOMALY_SIGMA,
            FLOOR_ANOMALY_WINDOW,
            FLOOR_ANOMALY_WARMUP,
            CTR_THRESHOLD,
            CTR_WARN_AT,
            MTL_THRESHOLD,
            SAR_MIN_AMOUNT,
            SAR_MAX_AMOUNT,
            SAR_COUNT,
            SAR_WINDOW,
            SHUFFLER_COUNT,
            SHUFFLER_WINDOW,
            DOOR_OPEN_WINDOW,
            STALE_SOURCE_TIMEOUT,
            PLAYER_HOUSE_EDGE,
            PLAYER_SESSION_GAP,
            SIMULATOR_START_TIME,
            SIMULATOR_INCIDENT_RATE,
            GENERATE_OUTPUT_DIR,
            // webhook helper: extra delivery routes and the end-of-input drain (see WebhookRouting below)
            WebhookRouting.DRAIN_TIMEOUT,
            WebhookRouting.PAGERDUTY_ROUTING_KEY,
            WebhookRouting.PAGERDUTY_URL,
            WebhookRouting.PAGERDUTY_MIN_SEVERITY,
            WebhookRouting.ALERTMANAGER_URL,
            // webhook hardening: per-route in-flight limit, Retry-After clamp (see WebhookLimits below)
            WebhookLimits.MAX_IN_FLIGHT_PER_ROUTE,
            WebhookLimits.MAX_RETRY_AFTER,
            // faults helper: HTTPS to endpoints signed by a private CA (see Tls below)
            Tls.CLICKHOUSE_TRUST_STORE,
            Tls.CLICKHOUSE_TRUST_STORE_PASSWORD,
            Tls.WEBHOOK_TRUST_STORE,
            Tls.WEBHOOK_TRUST_STORE_PASSWORD,
            // SAS exception codes and meters (SPEC 8.5, see Sas below)
            Sas.CODES,
            Sas.METER_VARIANCE_MIN_AMOUNT,
            Sas.METER_VARIANCE_RATIO,
            // players: the transactional player-offers sink (see Players below)
            Players.OFFERS_TRANSACTIONAL_ID_PREFIX,
            Players.OFFERS_TRANSACTION_TIMEOUT);

    /** Key families beyond the fixed keys (SPEC 8.2 offers.<id>.*): known keys, documented as one README row each. */
    public static final List<OfferKeys.KeyFamily> FAMILIES = OfferKeys.FAMILY;

    /** Keys whose value may also come from an environment variable (secrets). */
    public static final java.util.Map<String, String> ENVIRONMENT = java.util.Map.of(
            CLICKHOUSE_PASSWORD.key(), "FLOORWATCH_CLICKHOUSE_PASSWORD",
            WEBHOOK_SECRET.key(), "FLOORWATCH_WEBHOOK_SECRET",
            WebhookRouting.PAGERDUTY_ROUTING_KEY.key(), "FLOORWATCH_PAGERDUTY_ROUTING_KEY");

    /** Keys never printed. */
    public static final java.util.Set<String> SECRETS = java.util.Set.of(
            CLICKHOUSE_PASSWORD.key(),
            WEBHOOK_SECRET.key(),
            WebhookRouting.PAGERDUTY_ROUTING_KEY.key(),
            Tls.CLICKHOUSE_TRUST_STORE_PASSWORD.key(),
            Tls.WEBHOOK_TRUST_STORE_PASSWORD.key()); // faults helper: + trust store passwords

    private static <T> Option<T> opt(String key, String def, Function<String, T> parser, String description) {
        return new Option<>(key, def, parser, description);
    }

    // ---- webhook helper: delivery routes beyond webhook.url / webhook.compliance-url, and the drain at end of input.
    // A nested holder because ALL above is initialised before any constant declared after it; referencing these
    // from ALL initialises the holder first.
    public static final class WebhookRouting {
        public static final Option<Duration> DRAIN_TIMEOUT = opt(
                "webhook.drain-timeout",
                "2min",
                ValueParsers::duration,
                "At the end of a bounded run, how long the sink waits for undelivered alerts before giving up loudly.");
        public static final Option<String> PAGERDUTY_ROUTING_KEY = opt(
                "webhook.pagerduty-routing-key",
                "",
                ValueParsers::headerCredential,
                "PagerDuty Events v2 integration key; set = PagerDuty route on (never compliance alerts). Also from "
                        + "FLOORWATCH_PAGERDUTY_ROUTING_KEY. Never logged.");
        public static final Option<String> PAGERDUTY_URL = opt(
                "webhook.pagerduty-url",
                "https://events.pagerduty.com/v2/enqueue",
                ValueParsers::optionalUrl,
                "PagerDuty Events v2 endpoint.");
        public static final Option<String> PAGERDUTY_MIN_SEVERITY = opt(
                "webhook.pagerduty-min-severity",
                "HIGH",
                ValueParsers.oneOf("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"),
                "Lowest severity paged through PagerDuty.");
        public static final Option<String> ALERTMANAGER_URL = opt(
                "webhook.alertmanager-url",
                "",
                ValueParsers::optionalUrl,
                "Alertmanager API v2 alerts endpoint (e.g. http://am:9093/api/v2/alerts); empty = off. Floor alerts only, "
                        + "webhook.min-severity applies.");

        private WebhookRouting() {}
    }

    // ---- webhook hardening: stalled and hostile receivers (a nested holder for the same reason as WebhookRouting).
    public static final class WebhookLimits {
        public static final Option<Integer> MAX_IN_FLIGHT_PER_ROUTE = opt(
                "webhook.max-in-flight-per-route",
                "8",
                ValueParsers::positiveInt,
                "Alerts being delivered at once on one route (at most webhook.max-in-flight): a stalled receiver holds "
                        + "only its own route's slots, and a route with nothing in flight always gets one.");
        public static final Option<Duration> MAX_RETRY_AFTER = opt(
                "webhook.max-retry-after",
                "10min",
                ValueParsers::duration,
                "Longest Retry-After honoured; a receiver asking for longer (or an absurd value) is retried after this.");

        private WebhookLimits() {}
    }

    // ---- faults helper: trust stores for HTTPS to ClickHouse and to webhook endpoints whose certificates a private CA
    // signed (a nested holder for the same reason as WebhookRouting).
    public static final class Tls {
        public static final Option<String> CLICKHOUSE_TRUST_STORE = opt(
                "clickhouse.trust-store",
                "",
                ValueParsers::string,
                "CA certificates trusted for an https:// clickhouse.url: a PKCS#12/JKS trust store or a PEM file; empty = the JVM's CAs.");
        public static final Option<String> CLICKHOUSE_TRUST_STORE_PASSWORD = opt(
                "clickhouse.trust-store-password",
                "",
                ValueParsers::localSecret,
                "Password of clickhouse.trust-store (PKCS#12/JKS), if it has one. Never logged.");
        public static final Option<String> WEBHOOK_TRUST_STORE = opt(
                "webhook.trust-store",
                "",
                ValueParsers::string,
                "CA certificates trusted for https:// webhook endpoints: a PKCS#12/JKS trust store or a PEM file; empty = the JVM's CAs.");
        public static final Option<String> WEBHOOK_TRUST_STORE_PASSWORD = opt(
                "webhook.trust-store-password",
                "",
                ValueParsers::localSecret,
                "Password of webhook.trust-store (PKCS#12/JKS), if it has one. Never logged.");

        private Tls() {}
    }

    // ---- SAS exception codes and meters (SPEC 8.5); a nested holder for the same reason as WebhookRouting.
    public static final class Sas {
        /**
         * A prefix key: {@code rules.sas-codes.7a: INTEGRITY} sets the category of one code (see
         * {@link FloorWatchConfig#prefixed}); the part after the prefix is a hex code, with or without 0x, any case.
         */
        public static final Option<String> CODES = opt(
                "rules.sas-codes.<hex>",
                "",
                ValueParsers.enumName(io.floorwatch.event.ErrorCategory.class),
                "Category of one SAS exception code (one key per code, e.g. rules.sas-codes.7a: INTEGRITY; hex with or without "
                        + "0x, any case): INTEGRITY, POWER_OFF_ACCESS, SERVICE, FAULT or OTHER. Overrides the default table of "
                        + "SPEC 8.5; only FAULT and OTHER count as errors.");

        public static final Option<Long> METER_VARIANCE_MIN_AMOUNT = opt(
                "rules.meter-variance.min-amount",
                "100",
                ValueParsers::moneyCents,
                "METER_VARIANCE fires when a snapshot's coin-in meter delta and the event wager sum since the previous "
                        + "snapshot differ by more than the larger of this (dollars) ...");
        public static final Option<java.math.BigDecimal> METER_VARIANCE_RATIO = opt(
                "rules.meter-variance.ratio",
                "0.02",
                ValueParsers::decimalFraction,
                "... and this share of the meter delta.");

        private Sas() {}
    }

    // ---- players: player ratings and offers (SPEC 8.2), a nested holder for the same reason as WebhookRouting.
    public static final class Players {
        public static final Option<String> OFFERS_TRANSACTIONAL_ID_PREFIX = opt(
                "kafka.offers.transactional-id-prefix",
                "floorwatch-offers",
                ValueParsers::string,
                "Transactional id prefix of the player-offers Kafka sink: unique per job on a cluster, kept across restarts "
                        + "(lingering transactions of a crashed run are aborted at start).");
        public static final Option<Duration> OFFERS_TRANSACTION_TIMEOUT = opt(
                "kafka.offers.transaction-timeout",
                "10min",
                ValueParsers::duration,
                "transaction.timeout.ms of the player-offers producer: above the checkpoint interval, below the broker's "
                        + "transaction.max.timeout.ms (15min by default).");

        private Players() {}
    }
}
