package io.floorwatch.simulator;

import java.util.List;
import java.util.SplittableRandom;

/** Draws from the simulator's random streams. */
final class Draw {
    private Draw() {}

    /** One element, each as likely as the others. */
    static <T> T any(List<T> values, SplittableRandom rnd) {
        return values.get(rnd.nextInt(values.size()));
    }

    /** An index by its weight (weights sum to 1). */
    static int pick(SplittableRandom rnd, double[] weights) {
        double u = rnd.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.length - 1;
    }

    /**
     * The value of the first cumulative share that a uniform draw {@code u} is below; the last value (one more than
     * there are bounds) above them all.
     */
    @SafeVarargs
    static <T> T below(double u, double[] upperBounds, T... values) {
        for (int i = 0; i < upperBounds.length; i++) if (u < upperBounds[i]) return values[i];
        return values[upperBounds.length];
    }
}
