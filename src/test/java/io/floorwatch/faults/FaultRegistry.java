package io.floorwatch.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of the fault suite, collected across its test classes (one JVM) and printed once at the end:
 * one line per fault and a total, printed by each fault class when it ends (the last one printed covers the
 * whole suite). Also written to target/faults-summary.txt, since surefire keeps test output in files.
 */
public final class FaultRegistry {
    /** One fault tried: what, how many events went in, how many were lost / duplicated / rejected (with a reason). */
    public record Outcome(String fault, long eventsSent, long lost, long duplicated, long rejected, String note) {
        String line() {
            return String.format(
                    "fault %-28s events sent %6d, lost %d, duplicated %d, rejected with reason %d%s",
                    fault, eventsSent, lost, duplicated, rejected, note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    private static final List<Outcome> OUTCOMES = new ArrayList<>();

    private FaultRegistry() {}

    public static synchronized void record(Outcome outcome) {
        OUTCOMES.add(outcome);
        System.out.println("[faults] " + outcome.line());
        write();
    }

    public static synchronized List<Outcome> outcomes() {
        return List.copyOf(OUTCOMES);
    }

    public static synchronized String summary() {
        StringBuilder s = new StringBuilder();
        long sent = 0, lost = 0, dup = 0, rejected = 0;
        for (Outcome o : OUTCOMES) {
            s.append(o.line()).append('\n');
            sent += o.eventsSent();
            lost += o.lost();
            dup += o.duplicated();
            rejected += o.rejected();
        }
        s.append(String.format(
                "faults tried %d, events sent %d, lost %d, duplicated %d, rejected with reason %d",
                OUTCOMES.size(), sent, lost, dup, rejected));
        return s.toString();
    }

    private static void write() {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) Files.writeString(target.resolve("faults-summary.txt"), summary() + "\n");
        } catch (IOException e) {
            System.err.println("[faults] could not write target/faults-summary.txt: " + e);
        }
    }
}
