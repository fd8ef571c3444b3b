package io.floorwatch.simulator;

import io.floorwatch.simulator.FloorLayout.Machine;
import java.util.List;
import java.util.SplittableRandom;

/** Draws the floor's machines by popularity, as play picks them: busy machines get more play. */
final class PopularMachines {
    private final List<Machine> machines;
    /** Cumulative popularity in machine order. */
    private final double[] cumulative;

    PopularMachines(List<Machine> machines) {
        this.machines = machines;
        this.cumulative = new double[machines.size()];
        double sum = 0;
        for (int m = 0; m < cumulative.length; m++) {
            sum += machines.get(m).popularity();
            cumulative[m] = sum;
        }
    }

    Machine draw(SplittableRandom rnd) {
        double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] <= u) lo = mid + 1;
            else hi = mid;
        }
        return machines.get(lo);
    }
}
