package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.RawRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.GuavaRateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The floor simulator as a Flink source of {@link RawRecord}s, paced to {@code simulator.rate} events/s.
 *
 * <p>Built on {@link DataGeneratorSource}: the checkpointed state is the next index of one number sequence,
 * and record {@code i} is {@link FloorSimulator#record(long)}, a pure function of the settings and {@code i}, so
 * a restart from a checkpoint or savepoint continues with exactly the records a failure-free run would have
 * produced. The settings, including the start of the simulated clock ({@code simulator.start-time}, else
 * "now" when {@link #create} is called), travel with the job graph; a new submission with an empty start
 * time starts a new clock.
 *
 * <p>The whole sequence is one split, owned by subtask 0, because floor time is derived from the index: at a
 * parallelism above 1 subtask 0 produces everything (at the full rate) and the other subtasks finish at once,
 * so they never hold the watermark back. Parallelism 1 is the natural setting; any other works.
 *
 * <p>Bounded ({@code sources.bounded} with {@code simulator.max-events > 0}): the source ends after
 * max-events records. Unbounded: it never ends; with max-events > 0 it goes quiet after that many records
 * (useful to cancel a job at a known point), with 0 it runs until cancelled.
 */
public final class SimulatorSource
        implements Source<RawRecord, NumberSequenceSplit, Collection<NumberSequenceSplit>>,
                ResultTypeQueryable<RawRecord> {
    private static final long serialVersionUID = 1L;
    /** The parallelism the source should run at. */
    public static final int PARALLELISM = 1;

    private final DataGeneratorSource<RawRecord> generator;
    private final SimulatorSettings settings;
    private final long count;
    private final boolean bounded;

    public SimulatorSource(SimulatorSettings settings, boolean bounded) {
        this.settings = settings;
        this.bounded = bounded && settings.maxEvents() > 0;
        this.count = settings.maxEvents() > 0 ? settings.maxEvents() : Long.MAX_VALUE;
        int rate = settings.rate();
        // The full rate for the one reader that owns the sequence (perSecond would divide it by the parallelism).
        RateLimiterStrategy<NumberSequenceSplit> pace = parallelism -> new GuavaRateLimiter<>(rate);
        this.generator = new DataGeneratorSource<>(
                new SimulatorGenerator(settings), count, pace, TypeInformation.of(RawRecord.class));
    }

    /** The source for {@code sources.mode: simulator}. */
    public static SimulatorSource create(FloorWatchConfig cfg) {
        return new SimulatorSource(SimulatorSettings.from(cfg), cfg.get(Options.SOURCES_BOUNDED));
    }

    public SimulatorSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawRecord, NumberSequenceSplit> createReader(SourceReaderContext context) throws Exception {
        SourceReader<RawRecord, NumberSequenceSplit> reader = generator.createReader(context);
        return bounded || context.getIndexOfSubtask() != 0 ? reader : new NeverEndingReader(reader);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context) {
        return new SubtaskZeroEnumerator(context, List.of(new NumberSequenceSplit("0", 0, count - 1)));
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> checkpoint) {
        return new SubtaskZeroEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
        return generator.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<NumberSequenceSplit>> getEnumeratorCheckpointSerializer() {
        return generator.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    /** Record i of the simulated floor; the simulator (with its block cache) lives in the task. */
    static final class SimulatorGenerator implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;
        private final SimulatorSettings settings;
        private transient FloorSimulator simulator;

        SimulatorGenerator(SimulatorSettings settings) {
            this.settings = settings;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            simulator = new FloorSimulator(settings);
        }

        @Override
        public RawRecord map(Long index) {
            if (simulator == null) simulator = new FloorSimulator(settings);
            return simulator.record(index);
        }
    }

    /** Hands the sequence to subtask 0 only; every other reader is told at once that there is nothing for it. */
    private static final class SubtaskZeroEnumerator
            implements SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> {
        private final SplitEnumeratorContext<NumberSequenceSplit> context;
        private final ArrayDeque<NumberSequenceSplit> remaining;

        SubtaskZeroEnumerator(
                SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> splits) {
            this.context = context;
            this.remaining = new ArrayDeque<>(splits);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String requesterHostname) {
            if (subtask == 0 && !remaining.isEmpty()) context.assignSplit(remaining.poll(), subtask);
            else context.signalNoMoreSplits(subtask);
        }

        @Override
        public void addSplitsBack(List<NumberSequenceSplit> splits, int subtask) {
            remaining.addAll(splits);
        }

        @Override
        public void addReader(int subtask) {}

        @Override
        public Collection<NumberSequenceSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(remaining);
        }

        @Override
        public void close() {}
    }

    /** Turns the end of the sequence into a source that stays open and quiet. */
    private static final class NeverEndingReader implements SourceReader<RawRecord, NumberSequenceSplit> {
        private final SourceReader<RawRecord, NumberSequenceSplit> delegate;
        private final CompletableFuture<Void> never = new CompletableFuture<>();
        private boolean ended;

        NeverEndingReader(SourceReader<RawRecord, NumberSequenceSplit> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
            if (ended) return InputStatus.NOTHING_AVAILABLE;
            InputStatus status = delegate.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                ended = true;
                return InputStatus.NOTHING_AVAILABLE;
            }
            return status;
        }

        @Override
        public List<NumberSequenceSplit> snapshotState(long checkpointId) {
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return ended ? never : delegate.isAvailable();
        }

        @Override
        public void addSplits(List<NumberSequenceSplit> splits) {
            delegate.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            delegate.notifyNoMoreSplits();
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
