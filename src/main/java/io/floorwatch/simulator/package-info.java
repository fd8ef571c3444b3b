/**
 * The built-in casino floor: {@link io.floorwatch.simulator.FloorLayout} (machines in sections A, B, ... with
 * grid positions, denominations and holds; tables; security locations; cages), {@link
 * io.floorwatch.simulator.FloorSimulator} (a deterministic stream of raw records in the input format of SPEC §4,
 * with staged incidents for every alert rule, a small share of malformed records and rare re-sends),
 * {@link io.floorwatch.simulator.SimulatorSource} (the same stream as a rate-controlled, restartable Flink source
 * for {@code sources.mode: simulator}) and {@link io.floorwatch.simulator.GeneratorMain} ({@code jobs/floorwatch
 * generate}: to Kafka, or to JSONL files for {@code sources.mode: files}).
 *
 * <p>Keys: {@code simulator.seed}, {@code .rate}, {@code .machines}, {@code .sections}, {@code .tables},
 * {@code .players}, {@code .malformed-share}, {@code .max-events}, {@code .start-time}, {@code .incident-rate},
 * {@code generate.output-dir}; the topics come from {@code kafka.topics.*}, the local time of offset and
 * local timestamps from {@code casino.timezone}.
 */
package io.floorwatch.simulator;
