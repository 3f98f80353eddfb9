package marquee.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; percentiles by sorting (a run has at most a few hundred thousand). */
final class Latencies {
    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void record(long nanos) {
        if (size == samples.length) samples = Arrays.copyOf(samples, size * 2);
        samples[size++] = nanos;
    }

    /** Adds the other's samples (several runs as one figure). */
    void addAll(Latencies other) {
        long[] theirs;
        synchronized (other) {
            theirs = Arrays.copyOf(other.samples, other.size);
        }
        for (long sample : theirs) record(sample);
    }

    synchronized void clear() {
        size = 0;
    }

    synchronized double percentileMillis(double percentile) {
        if (size == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
    }
}
