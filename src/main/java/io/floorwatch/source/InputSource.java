package io.floorwatch.source;

import io.floorwatch.event.RawRecord;
import org.apache.flink.api.connector.source.Source;

/** One configured input: a name (used in operator uids, so keep it stable) and the Flink source of raw records. */
public record InputSource(String name, Source<RawRecord, ?, ?> source) {}
