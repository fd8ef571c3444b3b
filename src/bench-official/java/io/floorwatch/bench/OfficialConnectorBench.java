package io.floorwatch.bench;

import com.clickhouse.data.ClickHouseColumn;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.clickhouse.convertor.ClickHouseConvertor;
import org.apache.flink.connector.clickhouse.convertor.ColumnBinding;
import org.apache.flink.connector.clickhouse.convertor.DataMapper;
import org.apache.flink.connector.clickhouse.sink.ClickHouseAsyncSink;
import org.apache.flink.connector.clickhouse.sink.ClickHouseClientConfig;
import org.apache.flink.connector.clickhouse.sink.ClickHouseSinkVersion;

/**
 * The official ClickHouse Flink connector ({@code com.clickhouse.flink:flink-connector-clickhouse-2.0.0}) as the
 * contender of {@link ClickHouseBench}: compiled only with the Maven profile {@code official-clickhouse-connector}
 * (the connector is not served by Maven Central here; src/bench-official/README.md says how to build it).
 *
 * <p>Its typed (POJO) mode, the one its README documents for objects: a {@link DataMapper} puts each column's value
 * in a map, the connector encodes it and sends {@code RowBinaryWithNamesAndTypes} (RowBinary behind a names-and-types
 * header; the format cannot be chosen in this mode). The values are those our sink writes for the slot table
 * ({@code ClickHouseSinks.FLOOR_EVENTS}, slot columns), in the table's own types. Batching as ours (rows, bytes, flush
 * interval); in-flight requests the connector's default (50); {@code async_insert=0} like ours, because the local
 * server defaults to 1.
 */
public final class OfficialConnectorBench implements ClickHouseBench.Contender {
    /** The connector's default, left as it is: our sink has one insert in flight. */
    static final int MAX_IN_FLIGHT_REQUESTS = 50;

    @Override
    public String describe(ClickHouseClientSettings.Batching batching) {
        return "official ClickHouse Flink connector " + ClickHouseSinkVersion.getVersion()
                + " (ClickHouseAsyncSink, typed mode: RowBinaryWithNamesAndTypes; batches of " + batching.rows()
                + " rows / " + batching.bytes() + " bytes / "
                + batching.flushInterval().toMillis() + " ms like ours, up to "
                + MAX_IN_FLIGHT_REQUESTS + " inserts in flight, ours 1; no deduplication token, ours sends one)";
    }

    @Override
    public Sink<FloorEvent> slotSink(
            String url,
            String user,
            String password,
            String database,
            String table,
            ClickHouseClientSettings.Batching batching) {
        ClickHouseClientConfig config = new ClickHouseClientConfig(url, user, password, database, table);
        // the bench's server (jobs/lib/clickhouse.sh) defaults to async_insert=1; ours sends 0: the same for both
        config.setServerSettings(Map.of("async_insert", "0"));
        return ClickHouseAsyncSink.<FloorEvent>builder()
                .setElementConverter(new ClickHouseConvertor<>(FloorEvent.class, new SlotMapper()))
                .setClickHouseClientConfig(config)
                .setMaxBatchSize(batching.rows())
                .setMaxBatchSizeInBytes(batching.bytes())
                .setMaxTimeInBufferMS(batching.flushInterval().toMillis())
                .setMaxInFlightRequests(MAX_IN_FLIGHT_REQUESTS)
                // Flink's async sink needs room for more than one batch
                .setMaxBufferedRequests(Math.max(10_000, 2 * batching.rows()))
                .build();
    }

    /** The columns of slot_events_live, valued as ClickHouseSinks.FLOOR_EVENTS values them. */
    static final class SlotMapper extends DataMapper<FloorEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void toMap(FloorEvent e, Map<String, Object> map) {
            map.put("event_id", orEmpty(e.eventId));
            map.put("event_type", orEmpty(e.eventType));
            map.put("event_timestamp", time(e.eventTime));
            map.put("machine_id", orEmpty(e.machineId != null ? e.machineId : e.entityId));
            map.put("player_id", e.playerId);
            map.put("wager_amount", cents(e.wagerCents));
            map.put("payout_amount", cents(e.payoutCents));
            map.put("amount", cents(e.amountCents));
            map.put("denomination", e.denomination == null ? null : e.denomination.setScale(2, RoundingMode.DOWN));
            map.put("hopper_level", e.hopperLevel);
            map.put("error_code", e.errorCode);
            map.put("error_category", e.errorCategory == null ? null : e.errorCategory.name());
            map.put("meters", e.meters == null ? null : e.meters.toJson());
            map.put("floor_section", e.floorSection);
            map.put("extra", orEmpty(e.extra));
            map.put("topic", orEmpty(e.topic));
            map.put("partition", e.partition);
            map.put("offset", e.offset);
            map.put("ingested_at", time(e.ingestTime));
        }

        @Override
        public List<ColumnBinding> bindings() {
            return List.of(
                    column("event_id", "String"),
                    column("event_type", "LowCardinality(String)"),
                    column("event_timestamp", "DateTime64(3, 'UTC')"),
                    column("machine_id", "String"),
                    column("player_id", "Nullable(String)"),
                    column("wager_amount", "Nullable(Decimal(18, 2))"),
                    column("payout_amount", "Nullable(Decimal(18, 2))"),
                    column("amount", "Nullable(Decimal(18, 2))"),
                    column("denomination", "Nullable(Decimal(18, 2))"),
                    column("hopper_level", "Nullable(Float64)"),
                    column("error_code", "LowCardinality(Nullable(String))"),
                    column("error_category", "LowCardinality(Nullable(String))"),
                    column("meters", "Nullable(String)"),
                    column("floor_section", "LowCardinality(Nullable(String))"),
                    column("extra", "String"),
                    column("topic", "LowCardinality(String)"),
                    column("partition", "Int32"),
                    column("offset", "Int64"),
                    column("ingested_at", "DateTime64(3, 'UTC')"));
        }

        private static ColumnBinding column(String name, String type) {
            return ColumnBinding.of(name, name, ClickHouseColumn.of(name, type));
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }

        private static BigDecimal cents(Long cents) {
            return cents == null ? null : BigDecimal.valueOf(cents, 2);
        }

        /** Epoch ms as the UTC wall time DataWriter expects for DateTime64. */
        private static LocalDateTime time(long epochMillis) {
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(epochMillis, 1000),
                    (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
                    ZoneOffset.UTC);
        }
    }
}
