package io.floorwatch.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of comparing what the job consumed from Kafka with what reached ClickHouse, per topic partition.
 * An offset the job consumed is accounted for when its event is stored in its raw table, or the record is in
 * {@code rejected_events}, or it is a redelivery of an event stored from another offset (dropped by design);
 * any other consumed offset is lost.
 */
public record Reconciliation(List<PartitionReport> partitions) {

    /** One Kafka partition: offsets as Kafka reports them and as ClickHouse accounts for them. */
    public record PartitionReport(
            String topic,
            int partition,
            long logStart,
            long logEnd,
            Long committed,
            long stored,
            long rejected,
            long duplicates,
            long noRecord,
            List<long[]> lostRanges) {
        /** Offsets the job has consumed (up to its committed offset) that are still in the log. */
        public long consumed() {
            return committed == null ? 0 : Math.max(0, committed - logStart);
        }

        /** Offsets in the log that the job has not consumed yet. */
        public long lag() {
            return committed == null ? logEnd - logStart : Math.max(0, logEnd - committed);
        }

        public long lost() {
            long n = 0;
            for (long[] r : lostRanges) n += r[1] - r[0] + 1;
            return n;
        }
    }

    public long lost() {
        return partitions.stream().mapToLong(PartitionReport::lost).sum();
    }

    public boolean ok() {
        return lost() == 0;
    }

    /** A table, one line per partition, a total and the verdict. */
    public String render() {
        StringBuilder s = new StringBuilder();
        String fmt = "%-28s %4s %10s %10s %10s %10s %10s %10s %10s %10s %10s%n";
        s.append(String.format(
                fmt,
                "topic",
                "part",
                "log-start",
                "log-end",
                "committed",
                "lag",
                "consumed",
                "stored",
                "rejected",
                "duplicates",
                "lost"));
        long consumed = 0, stored = 0, rejected = 0, dup = 0, lost = 0, lag = 0;
        for (PartitionReport p : partitions) {
            s.append(String.format(
                    fmt,
                    p.topic(),
                    p.partition(),
                    p.logStart(),
                    p.logEnd(),
                    p.committed() == null ? "-" : p.committed(),
                    p.lag(),
                    p.consumed(),
                    p.stored(),
                    p.rejected(),
                    p.duplicates(),
                    p.lost()));
            consumed += p.consumed();
            stored += p.stored();
            rejected += p.rejected();
            dup += p.duplicates();
            lost += p.lost();
            lag += p.lag();
        }
        s.append(String.format(fmt, "total", "", "", "", "", lag, consumed, stored, rejected, dup, lost));
        if (ok()) {
            s.append(
                    "verdict: OK - every consumed offset is stored, rejected with a reason, or a redelivered duplicate");
        } else {
            s.append("verdict: LOSS - ").append(lost).append(" consumed offsets are neither stored nor rejected:");
            for (PartitionReport p : partitions) {
                if (p.lostRanges().isEmpty()) continue;
                List<String> ranges = new ArrayList<>();
                for (long[] r : p.lostRanges()) ranges.add(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]);
                s.append("\n  ")
                        .append(p.topic())
                        .append('/')
                        .append(p.partition())
                        .append(" offsets ")
                        .append(String.join(", ", ranges));
            }
        }
        return s.toString();
    }
}
