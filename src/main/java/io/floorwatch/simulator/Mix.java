package io.floorwatch.simulator;

/** Stateless 64-bit hashing (SplitMix64 finaliser): derives independent random streams from (seed, index, salt). */
final class Mix {
    private Mix() {}

    /** One salt per random stream of the simulator, all distinct, so that no stream repeats another's draws. */
    enum Salt {
        BLOCK_ORDER(11),
        EVENT(12),
        PLAN(13),
        CARD_SESSION(14),
        EVENT_ID_HIGH(15),
        EVENT_ID_LOW(16),
        DEALER_SHIFT(17),
        METERS(18),
        METER_DRIFT(19);

        final long value;

        Salt(long value) {
            this.value = value;
        }
    }

    static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mix(long a, long b) {
        return fmix(fmix(a + 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    }

    static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    static long mix(long a, long b, long c, long d) {
        return mix(mix(mix(a, b), c), d);
    }
}
