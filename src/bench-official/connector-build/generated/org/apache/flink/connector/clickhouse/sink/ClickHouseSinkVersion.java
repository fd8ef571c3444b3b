package org.apache.flink.connector.clickhouse.sink;

public class ClickHouseSinkVersion {
    public static String getVersion() {
        return "0.2.0";
    }
}
