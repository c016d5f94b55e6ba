package io.driftwatch.common.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * Distinct-value estimate of a column: an Apache DataSketches HLL sketch (lg k = {@value #LG_K},
 * HLL_8, at most 2 KB, about 2.3 % relative standard error; exact for small counts, where the
 * sketch still holds the hashes themselves).
 *
 * <p>The estimate read is the composite estimate, which depends only on the sketch's registers (the
 * set of values seen), not on the order they arrived in or partial sketches were merged — the HIP
 * estimator a single sketch would otherwise report does depend on order, and profiles must be
 * identical at any parallelism.
 */
final class DistinctCounter {
    static final int LG_K = 11;

    private HllSketch sketch = new HllSketch(LG_K, TgtHllType.HLL_8);

    void add(double v) {
        sketch.update(v == 0.0 ? 0.0 : v); // -0.0 and 0.0 are one value
    }

    void add(String v) {
        sketch.update(v);
    }

    void merge(DistinctCounter other) {
        Union u = new Union(LG_K);
        u.update(sketch);
        u.update(other.sketch);
        sketch = u.getResult(TgtHllType.HLL_8);
    }

    long estimate() {
        return sketch.isEmpty() ? 0 : Math.round(sketch.getCompositeEstimate());
    }

    void writeTo(DataOutput out) throws IOException {
        byte[] b = sketch.toCompactByteArray();
        out.writeInt(b.length);
        out.write(b);
    }

    static DistinctCounter readFrom(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        DistinctCounter c = new DistinctCounter();
        c.sketch = HllSketch.heapify(Memory.wrap(b));
        return c;
    }
}
