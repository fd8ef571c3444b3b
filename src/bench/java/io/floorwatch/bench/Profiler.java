package io.floorwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of execution samples (every 5 ms) around one run, and its summary: the methods most often on top
 * of the sampled stacks, and the FloorWatch methods most often on the stacks at all (what our code costs, callees
 * included). The .jfr file stays for {@code jfr print --events jdk.ExecutionSample}.
 */
final class Profiler {
    record Hot(String method, double percent) {}

    record Summary(Path file, long samples, List<Hot> topFrames, List<Hot> floorWatchInclusive) {}

    private Recording recording;

    /**
     * Starts and stops JFR once, before anything is measured: JFR's first recording in a JVM throws much of the compiled
     * code away (a recording started before a warm run recompiled 9,000 methods and halved its rate).
     */
    static void initialize() throws Exception {
        Profiler p = new Profiler();
        p.start();
        p.recording.stop();
        p.recording.close();
    }

    void start() throws Exception {
        // the samples (threads in Java, and in native code: RocksDB's share) and the compiler's statistics (is the run
        // warm?), nothing else that costs the recorded job
        recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5)).withStackTrace();
        recording
                .enable("jdk.NativeMethodSample")
                .withPeriod(Duration.ofMillis(5))
                .withStackTrace();
        recording.enable("jdk.CompilerStatistics").withPeriod(Duration.ofSeconds(1));
        recording.start();
    }

    Summary stop(Path file, int top) throws Exception {
        recording.stop();
        recording.dump(file);
        recording.close();
        Map<String, Long> self = new HashMap<>(), inclusive = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            samples++;
            self.merge(name(st.getFrames().get(0)), 1L, Long::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : st.getFrames()) {
                String n = name(f);
                if (n.startsWith("io.floorwatch.") && !n.startsWith("io.floorwatch.bench.") && seen.add(n))
                    inclusive.merge(n, 1L, Long::sum);
            }
        }
        return new Summary(file, samples, top(self, samples, top), top(inclusive, samples, top));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Hot> top(Map<String, Long> counts, long total, int n) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
        all.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<Hot> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : all.subList(0, Math.min(n, all.size()))) {
            out.add(new Hot(e.getKey(), total == 0 ? 0 : 100.0 * e.getValue() / total));
        }
        return out;
    }

    static Map<String, Object> toMap(Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file().toString());
        m.put("samples", s.samples());
        m.put("top_frames", s.topFrames());
        m.put("floorwatch_inclusive", s.floorWatchInclusive());
        return m;
    }
}
