/**
 * The built-in casino floor: {@link io.floorwatch.simulator.FloorSimulator} (a deterministic stream of raw records in
 * the input format of SPEC §4), {@link io.floorwatch.simulator.SimulatorSource} (the same stream as a rate-controlled,
 * restartable Flink source for {@code sources.mode: simulator}), {@link io.floorwatch.simulator.GeneratorMain}
 * ({@code jobs/floorwatch generate}: to Kafka, or to JSONL files for {@code sources.mode: files}) and
 * {@link io.floorwatch.simulator.ControlScenario} (the simulated watchlist and rule changes).
 *
 * <p>The simulator by concern:
 *
 * <ul>
 *   <li>the floor: {@code FloorLayout} (machines in sections A, B, ... with grid positions, denominations and holds;
 *       tables; security locations; cages), {@code RecordTimes} (floor time of a record), {@code CardSessions} (who is
 *       carded in where), {@code PopularMachines}, {@code MachineHolds} (machines dark or locked), {@code SasMeters};
 *   <li>background play: {@code BackgroundPlay}, the ordinary traffic of the four streams;
 *   <li>staged scenarios: one class per scenario behind {@code Scenario} ({@code Jackpot}, {@code ErrorBurst},
 *       {@code CtrCash}, ...), listed with how often each starts in {@code Schedule}, planned block by block by the
 *       {@code ScenarioPlanner} through a {@code Plan};
 *   <li>malformed records: {@code MalformedRecords}, from the parser's own table of event types and their required
 *       fields ({@link io.floorwatch.event.EventType});
 *   <li>the wire format: {@code WireFormat} (event ids, money, SAS codes, timestamp shapes), {@code FloorEvents} (the
 *       fields each stream's events open with) and {@code Json}.
 * </ul>
 *
 * <p>Keys: {@code simulator.seed}, {@code .rate}, {@code .machines}, {@code .sections}, {@code .tables},
 * {@code .players}, {@code .malformed-share}, {@code .max-events}, {@code .start-time}, {@code .incident-rate},
 * {@code generate.output-dir}; the topics come from {@code kafka.topics.*}, the local time of offset and local
 * timestamps from {@code casino.timezone}.
 */
package io.floorwatch.simulator;
