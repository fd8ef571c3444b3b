package io.floorwatch.console;

import io.floorwatch.alert.Alert;
import io.floorwatch.floor.FloorMinute;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The demo's live terminal view. {@link #floorMinutes()} and {@link #alerts()} are Sink V2 sinks that feed
 * one view shared by the whole JVM (the demo runs the job in one local MiniCluster, so tasks and terminal
 * share it); a daemon thread redraws it every {@code interval}: with ANSI clear-screen on a terminal, as
 * appended blocks (only when something changed) otherwise. Any sink parallelism works; 1 is enough.
 * In a cluster the view would live in a TaskManager's stdout: wire these sinks only for local runs.
 */
public final class FloorConsole {
    private static final FloorView VIEW = new FloorView();
    private static final Object LOCK = new Object();
    private static ScheduledExecutorService renderer;
    private static volatile PrintStream out = System.out;
    private static volatile ZoneId zone = ZoneOffset.UTC;
    private static volatile Duration interval = Duration.ofSeconds(2);
    private static volatile Boolean ansiOverride;
    private static long lastEvents;
    private static long lastEventsAt;
    private static long lastPrintedUpdates = -1;

    private FloorConsole() {}

    /** Sink of floor_minute rows. */
    public static Sink<FloorMinute> floorMinutes() {
        return new ViewSink<>(FloorView::addMinute);
    }

    /** Sink of alert messages (firing and resolved). */
    public static Sink<Alert> alerts() {
        return new ViewSink<>(FloorView::addAlert);
    }

    /** Sink of mtl_entries rows, counted (SPEC §8.4: the demo shows compliance counts, never players). */
    public static <T> Sink<T> mtlEntries() {
        return new ViewSink<>((view, row) -> view.countMtlEntry());
    }

    /** Sink of rule_changes rows (SPEC 8.1): the latest live rule changes, applied or rejected. */
    public static Sink<io.floorwatch.control.RuleChange> ruleChanges() {
        return new ViewSink<>(FloorView::addRuleChange);
    }

    /** Sink of the valid events, counted for the events/s figure (one LongAdder increment per event). */
    public static <T> Sink<T> events() {
        return new ViewSink<>((view, event) -> view.countEvents(1));
    }

    /** Where and how to draw: call before the job starts (optional; defaults: stdout, UTC, 2 s, ANSI on a terminal). */
    public static void configure(PrintStream stream, ZoneId timeZone, Duration redrawInterval, Boolean ansi) {
        out = stream;
        zone = timeZone;
        interval = redrawInterval;
        ansiOverride = ansi;
    }

    /** The shared view (tests, and a final frame after the job ends). */
    public static FloorView view() {
        return VIEW;
    }

    /** Starts the redraw thread if it isn't running. Called by the sinks when they open. */
    public static void start() {
        synchronized (LOCK) {
            if (renderer != null) return;
            renderer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "floorwatch-console");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(100, interval.toMillis());
            renderer.scheduleWithFixedDelay(() -> draw(false), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the redraw thread (the view keeps its content). */
    public static void stop() {
        synchronized (LOCK) {
            if (renderer != null) renderer.shutdownNow();
            renderer = null;
        }
    }

    /** Draws one frame now, whether or not anything changed (e.g. the final state when a bounded job ends). */
    public static void renderNow() {
        draw(true);
    }

    /** Stops drawing and forgets everything (tests). */
    public static void reset() {
        stop();
        synchronized (LOCK) {
            VIEW.clear();
            lastEvents = 0;
            lastEventsAt = 0;
            lastPrintedUpdates = -1;
        }
    }

    private static void draw(boolean force) {
        try {
            String frame;
            boolean ansi;
            synchronized (LOCK) {
                long now = System.currentTimeMillis();
                long counted = VIEW.eventsCounted();
                double perSecond = -1;
                if (counted > 0 && lastEventsAt > 0 && now > lastEventsAt) {
                    perSecond = (counted - lastEvents) * 1000.0 / (now - lastEventsAt);
                }
                lastEvents = counted;
                lastEventsAt = now;
                ansi = ansiOverride != null ? ansiOverride : System.console() != null;
                long updates = VIEW.updates();
                if (!force && !ansi && updates == lastPrintedUpdates) return;
                lastPrintedUpdates = updates;
                frame = VIEW.render(now, perSecond, zone);
            }
            PrintStream o = out;
            if (ansi) o.print("\033[H\033[2J" + frame);
            else o.print(frame + "\n");
            o.flush();
        } catch (RuntimeException e) {
            // A broken frame must never take the job down; the next tick tries again.
        }
    }

    private static final class ViewSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final SerializableAdder<T> adder;

        ViewSink(SerializableAdder<T> adder) {
            this.adder = adder;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            start();
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    adder.accept(VIEW, element);
                }

                @Override
                public void flush(boolean endOfInput) {
                    // The end of a bounded run: show the final state even if the process exits before the next tick.
                    if (endOfInput) draw(false);
                }

                @Override
                public void close() {}
            };
        }
    }

    private interface SerializableAdder<T> extends BiConsumer<FloorView, T>, java.io.Serializable {}
}
