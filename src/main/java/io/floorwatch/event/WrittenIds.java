package io.floorwatch.event;

import java.time.Duration;

/**
 * Fingerprints, on the heap, of the event ids {@link DeduplicateEvents} wrote to its state since it started: a new id
 * (nearly every id) whose fingerprint is not here cannot be in the state, and needs no state read. On RocksDB that
 * read walked the memtable's skip list for nothing, a cache miss per level: most of the per-entity task's time in
 * RocksDB (a native profile; a Java profiler does not see it).
 *
 * <p>Exact, whatever the fingerprints: a fingerprint found (a duplicate, or now and then another id's) sends the id to
 * the state as before, and a missing one is trusted only while every id the state can hold has its fingerprint here.
 * It cannot be trusted for {@code dedup.ttl} (and a minute's margin for clocks) after a restore, whose ids were
 * written elsewhere, nor after a write this class could not record (a full generation).
 *
 * <p>The fingerprints are kept in two generations of {@code dedup.ttl} each: one written to kept until the next
 * generation ends, so that each stays at least as long as the state's TTL keeps its id (processing time, from each
 * write). Memory is bounded: a generation holds {@link #MAX_PER_GENERATION} at most (4 bytes a slot, half full: 16 MB).
 */
final class WrittenIds {
    static final int MAX_PER_GENERATION = 1 << 21;
    private static final long CLOCK_MARGIN_MS = 60_000;

    private final long ttlMillis;
    private final int maxPerGeneration;
    private IntSet current;
    private IntSet previous;
    private long currentSince;
    /** Until then a missing fingerprint proves nothing. */
    private long untrustedUntil;

    /** @param restored whether the state was restored (its ids are not here) */
    WrittenIds(Duration ttl, boolean restored, long now) {
        this(ttl, restored, now, MAX_PER_GENERATION);
    }

    WrittenIds(Duration ttl, boolean restored, long now, int maxPerGeneration) {
        this.ttlMillis = ttl.toMillis();
        this.maxPerGeneration = maxPerGeneration;
        this.current = new IntSet();
        this.previous = new IntSet();
        this.currentSince = now;
        this.untrustedUntil = restored ? now + ttlMillis + CLOCK_MARGIN_MS : Long.MIN_VALUE;
    }

    /** The fingerprint of event {@code eventId} of entity {@code key} (never 0, the empty slot). */
    static int fingerprint(String key, String eventId) {
        long h = key.hashCode() * 0x9E3779B97F4A7C15L + eventId.hashCode();
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL; // MurmurHash3's finalizer: every input bit moves the index bits
        h ^= h >>> 33;
        int f = (int) h;
        return f == 0 ? 1 : f;
    }

    /** Whether the id of fingerprint {@code f} was certainly not written within the state's TTL. */
    boolean certainlyNew(int f, long now) {
        rotate(now);
        return now > untrustedUntil && !current.contains(f) && !previous.contains(f);
    }

    /** The id of fingerprint {@code f} was written to the state at {@code now}. */
    void written(int f, long now) {
        rotate(now);
        if (!current.add(f, maxPerGeneration))
            untrustedUntil = Math.max(untrustedUntil, now + ttlMillis + CLOCK_MARGIN_MS);
    }

    /** Fingerprints held, for the metrics. */
    int size() {
        return current.size + previous.size;
    }

    private void rotate(long now) {
        if (now - currentSince < ttlMillis) return;
        previous = current;
        current = new IntSet();
        currentSince = now;
    }

    /** A set of non-zero ints: open addressing, linear probing, at most half full. */
    private static final class IntSet {
        private int[] slots = new int[1024];
        int size;

        boolean contains(int f) {
            int mask = slots.length - 1;
            for (int i = f & mask; ; i = (i + 1) & mask) {
                int s = slots[i];
                if (s == f) return true;
                if (s == 0) return false;
            }
        }

        /** Adds {@code f}; false if it was not there and the set holds {@code max} already. */
        boolean add(int f, int max) {
            int mask = slots.length - 1;
            int i = f & mask;
            for (; slots[i] != 0; i = (i + 1) & mask) if (slots[i] == f) return true;
            if (size >= max) return false;
            slots[i] = f;
            if (++size * 2 > slots.length) grow();
            return true;
        }

        private void grow() {
            int[] old = slots;
            slots = new int[old.length * 2];
            int mask = slots.length - 1;
            for (int f : old) {
                if (f == 0) continue;
                int i = f & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = f;
            }
        }
    }
}
