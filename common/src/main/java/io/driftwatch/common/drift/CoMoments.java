package io.driftwatch.common.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mergeable state behind multivariate drift (docs/guide/drift.md "Multivariate drift"): per set
 * of numeric features a record has, the count, sums and sums of products of those features, exact
 * ({@link FixedSum}), so a window's or a reference's covariance is the same at any parallelism and
 * windows merge into references and larger windows without the logs. Records are split into
 * {@link #BUCKETS} interleaved buckets by their prediction id (else their time), so a reference
 * carries its own chunk-to-chunk spread ({@link PcaReconstruction}).
 *
 * <p>A record counts under the set of its features that have a number (not declared categorical),
 * the first {@link #MAX_FEATURES} by name: a record with a feature missing counts under a smaller
 * set, so the fit uses complete records of the set most records have ({@link #main}).
 */
public final class CoMoments {
    private static final byte FORMAT = 1;
    /** Features in one set at most: the first by name (co-moments grow with the square of it). */
    public static final int MAX_FEATURES = 20;
    /** Interleaved buckets of every state. */
    public static final int BUCKETS = 8;
    private static final char SEP = '\u0001';

    /** One set of features: per bucket its count, sums (d) and products (d(d+1)/2, row by row j ≤ k). */
    public static final class Block {
        final String[] features;
        final long[] n = new long[BUCKETS];
        private final FixedSum[][] sums = new FixedSum[BUCKETS][];
        /** Where records are added first (one array per bucket), flushed into {@link #sums} before reads. */
        private transient FlatSums[] pending;

        Block(String[] features) {
            this.features = features;
        }

        int width() {
            int d = features.length;
            return d + d * (d + 1) / 2;
        }

        /** The bucket's sums, with what is pending added. */
        FixedSum[] bucket(int b) {
            FixedSum[] s = stored(b);
            if (pending != null && pending[b] != null) pending[b].flushInto(s);
            return s;
        }

        private FixedSum[] stored(int b) {
            FixedSum[] s = sums[b];
            if (s == null) {
                s = new FixedSum[width()];
                for (int i = 0; i < s.length; i++) s[i] = new FixedSum();
                sums[b] = s;
            }
            return s;
        }

        void add(double[] x, int b) {
            n[b]++;
            if (pending == null) pending = new FlatSums[BUCKETS];
            FlatSums s = pending[b];
            if (s == null) pending[b] = s = new FlatSums(width());
            int d = x.length;
            // a zero's sum and products add nothing when every value is finite (0 · ∞ is NaN): a categorical
            // feature's indicators are mostly 0, so their rows are skipped (bench/flights.sh's 14 columns, 12 of
            // them indicators: 9 rows of 14 and about 60 % of the products; bench/README.md)
            boolean finite = true;
            for (double v : x) finite &= Double.isFinite(v);
            int k = d;
            for (int j = 0; j < d; j++) {
                double xj = x[j];
                if (xj == 0 && finite) {
                    k += d - j;
                    continue;
                }
                s.add(j, xj);
                for (int l = j; l < d; l++) s.add(k++, xj * x[l]);
            }
            if (s.full()) s.flushInto(stored(b));
        }

        /** The sums of a bucket as they are now (null when it has no record), for reads. */
        FixedSum[] sums(int b) {
            if (sums[b] == null && (pending == null || pending[b] == null)) return null;
            return bucket(b);
        }

        void merge(Block o, int sign) {
            for (int b = 0; b < BUCKETS; b++) {
                FixedSum[] theirs = o.sums(b);
                if (theirs == null) continue;
                n[b] += sign * o.n[b];
                FixedSum[] mine = bucket(b);
                for (int i = 0; i < mine.length; i++) {
                    if (sign > 0) mine[i].add(theirs[i]);
                    else mine[i].subtract(theirs[i]);
                }
            }
        }

        public String[] features() {
            return features.clone();
        }

        /** What {@link PcaReconstruction} derived from this block as a reference, by variance share. */
        transient java.util.Map<Double, Object> derived;

        /** Records of the block (all buckets). */
        public long count() {
            long c = 0;
            for (long v : n) c += v;
            return c;
        }

        /** Records of one bucket. */
        public long count(int bucket) {
            return n[bucket];
        }

        /** The moments of all buckets, or of the buckets {@code b} selects. */
        public Moments moments(java.util.function.IntPredicate b) {
            int w = width();
            FixedSum[] sum = new FixedSum[w];
            for (int j = 0; j < w; j++) sum[j] = new FixedSum();
            long count = 0;
            for (int i = 0; i < BUCKETS; i++) {
                FixedSum[] s = b.test(i) ? sums(i) : null;
                if (s == null) continue;
                count += n[i];
                for (int j = 0; j < w; j++) sum[j].add(s[j]);
            }
            BigDecimal[] total = new BigDecimal[w];
            boolean finite = true;
            for (int j = 0; j < w && finite; j++) {
                finite = sum[j].finite();
                if (finite) total[j] = sum[j].exact();
            }
            return Moments.of(features, count, finite ? total : null);
        }
    }

    /**
     * Means and the population scatter ({@code Σ (x − m)(x − m)ᵀ / n}) of a block's records, centred
     * in exact decimals before rounding to doubles (no cancellation where means dwarf spreads).
     */
    public record Moments(String[] features, long n, double[] mean, double[][] scatter) {
        static Moments of(String[] features, long n, BigDecimal[] sums) {
            int d = features.length;
            double[] mean = new double[d];
            double[][] scatter = new double[d][d];
            if (n == 0 || sums == null) {
                Arrays.fill(mean, Double.NaN);
                for (double[] row : scatter) Arrays.fill(row, Double.NaN);
                return new Moments(features, n, mean, scatter);
            }
            MathContext mc = MathContext.DECIMAL128;
            BigDecimal count = BigDecimal.valueOf(n);
            for (int j = 0; j < d; j++) mean[j] = sums[j].divide(count, mc).doubleValue();
            int k = d;
            for (int j = 0; j < d; j++) {
                for (int l = j; l < d; l++) {
                    // (S_jl − S_j S_l / n) / n
                    BigDecimal centred = sums[k++].subtract(sums[j].multiply(sums[l]).divide(count, mc), mc);
                    double v = centred.divide(count, mc).doubleValue();
                    scatter[j][l] = v;
                    scatter[l][j] = v;
                }
            }
            return new Moments(features, n, mean, scatter);
        }
    }

    private final TreeMap<String, Block> blocks = new TreeMap<>();
    // (values are compressed by {@link #compress} before they are summed)
    // the last record's layout: most records of a log have the same features in the same order
    private transient String[] lastNames;
    private transient long lastMask;
    private transient long lastTextMask;
    /** Per column of the last layout: -1 for a number, else the categorical bucket it indicates. */
    private transient int[] lastKinds;
    private transient boolean layoutValid;
    private transient Block lastBlock;
    private transient int[] lastOrder;
    private transient double[] scratch;
    /** Which positions of {@link #lastNames} are declared categorical. */
    private transient long categoricalAt;

    /** Buckets a categorical feature's values are hashed into, one indicator column each. */
    public static final int CATEGORY_BUCKETS = 4;
    /** The marker of a categorical feature's indicator column: {@code country=#2}. */
    public static final String CATEGORY_MARK = "=#";

    /** Adds one record's numeric features (categorical ones left out). */
    public void add(String[] names, double[] numbers, Map<String, ColumnType> declared, int bucketKey) {
        add(names, numbers, null, declared, bucketKey);
    }

    /**
     * Adds one record's features: numeric ones as their values, categorical ones (text values, or
     * declared categorical) one-hot over {@link #CATEGORY_BUCKETS} buckets of their value's hash — a
     * fixed encoding that needs no reference, so states stay mergeable; numeric features first, then
     * categorical columns while {@link #MAX_FEATURES} columns are not reached.
     *
     * @param names the record's feature names
     * @param numbers their numbers (NaN: missing or not a number)
     * @param texts their texts (null: none), or null for numeric features only
     * @param declared the model's declared types
     * @param bucketKey what splits records into buckets: the prediction id's hash, else the time's
     */
    public void add(String[] names, double[] numbers, String[] texts, Map<String, ColumnType> declared, int bucketKey) {
        if (names.length == 0) return;
        boolean wide = names.length > 64;
        // the same names as the record before (most logs): which of them are declared categorical is known
        boolean same = !wide && sameNames(names);
        if (!same) layoutValid = false; // the layout of other names: not reused
        if (!same && !wide) {
            categoricalAt = 0;
            for (int i = 0; i < names.length; i++) {
                if (declared.get(names[i]) == ColumnType.CATEGORICAL) categoricalAt |= 1L << i;
            }
        }
        long mask = 0, textMask = 0;
        int present = 0;
        for (int i = 0; i < names.length && !wide; i++) {
            boolean declaredCategory = (categoricalAt & (1L << i)) != 0;
            if (!Double.isNaN(numbers[i]) && !declaredCategory) {
                mask |= 1L << i;
                present++;
            } else if (texts != null && (texts[i] != null || (declaredCategory && !Double.isNaN(numbers[i])))) {
                textMask |= 1L << i;
                present++;
            }
        }
        if (!wide && present < 2 && Long.bitCount(textMask) == 0) {
            lastNames = names;
            return;
        }
        if (wide || !layoutValid || mask != lastMask || textMask != lastTextMask) {
            layoutValid = false;
            if (!layout(names, numbers, texts, declared)) {
                lastNames = wide ? null : names;
                return;
            }
            lastMask = mask;
            lastTextMask = textMask;
            layoutValid = !wide;
        }
        lastNames = wide ? null : names;
        int[] order = lastOrder;
        int[] kinds = lastKinds;
        double[] x = scratch;
        for (int j = 0; j < order.length; j++) {
            int i = order[j];
            if (kinds[j] < 0) {
                x[j] = compress(numbers[i]);
            } else {
                String v = texts[i] != null ? texts[i] : io.driftwatch.common.parse.Labels.numberText(numbers[i]);
                x[j] = Math.floorMod(v.hashCode(), CATEGORY_BUCKETS) == kinds[j] ? 1 : 0;
            }
        }
        // Fibonacci hashing spreads consecutive keys over the buckets
        int bucket = (int) (((bucketKey * 0x9E3779B97F4A7C15L) >>> 61) & (BUCKETS - 1));
        lastBlock.add(x, bucket);
    }

    /**
     * What a value counts as: {@code asinh(x)} — about {@code x} near 0 and {@code ±log 2|x|} far out —
     * so a heavy tail (amounts, counts, durations) does not let one record dominate a window's squared
     * error, while how features move together still shows. Applied before anything is summed: the
     * fit, the band and every window see the same compressed values.
     */
    public static double compress(double x) {
        // asinh(x) = sign(x) · log(|x| + sqrt(x² + 1)); log1p keeps small values exact-ish
        double a = Math.abs(x);
        double v = a > 1e8 ? Math.log(2 * a) : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return x < 0 ? -v : v;
    }

    private boolean sameNames(String[] names) {
        if (names == lastNames) return true;
        if (lastNames == null || names.length != lastNames.length) return false;
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(lastNames[i])) return false;
        }
        return true;
    }

    /** Finds (or makes) the block of the record's columns and where each column's value comes from. */
    private boolean layout(String[] names, double[] numbers, String[] texts, Map<String, ColumnType> declared) {
        TreeMap<String, Integer> numeric = new TreeMap<>(), categorical = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            boolean declaredCategory = declared.get(names[i]) == ColumnType.CATEGORICAL;
            if (!Double.isNaN(numbers[i]) && !declaredCategory) {
                numeric.putIfAbsent(names[i], i);
            } else if (texts != null && (texts[i] != null || (declaredCategory && !Double.isNaN(numbers[i])))) {
                categorical.putIfAbsent(names[i], i);
            }
        }
        while (numeric.size() > MAX_FEATURES) numeric.pollLastEntry();
        // columns by name: the numeric features, then each categorical one's indicators while room is left
        TreeMap<String, int[]> columns = new TreeMap<>(); // name → {position, bucket or -1}
        numeric.forEach((name, i) -> columns.put(name, new int[] {i, -1}));
        for (Map.Entry<String, Integer> c : categorical.entrySet()) {
            if (columns.size() + CATEGORY_BUCKETS > MAX_FEATURES) break;
            for (int k = 0; k < CATEGORY_BUCKETS; k++) columns.put(c.getKey() + CATEGORY_MARK + k, new int[] {c.getValue(), k});
        }
        if (columns.size() < 2) return false;
        String[] features = columns.keySet().toArray(String[]::new);
        lastBlock = blocks.computeIfAbsent(String.join(String.valueOf(SEP), features), k -> new Block(features));
        lastOrder = columns.values().stream().mapToInt(v -> v[0]).toArray();
        lastKinds = columns.values().stream().mapToInt(v -> v[1]).toArray();
        scratch = new double[features.length];
        return true;
    }

    public CoMoments merge(CoMoments o) {
        o.blocks.forEach((key, b) -> blocks.computeIfAbsent(key, k -> new Block(b.features)).merge(b, 1));
        layoutValid = false;
        lastNames = null;
        return this;
    }

    /** The block most records count under (ties: the one with more features, then by name), or null. */
    public Block main() {
        Block best = null;
        for (Block b : blocks.values()) {
            if (best == null || b.count() > best.count()
                    || (b.count() == best.count() && b.features.length > best.features.length)) {
                best = b;
            }
        }
        return best;
    }

    /** The block of exactly these features, or null. */
    public Block block(String[] features) {
        return blocks.get(String.join(String.valueOf(SEP), features));
    }

    /** Records counted under any set. */
    public long count() {
        long c = 0;
        for (Block b : blocks.values()) c += b.count();
        return c;
    }

    public List<Block> blocks() {
        return new ArrayList<>(blocks.values());
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(blocks.size());
        for (Block b : blocks.values()) {
            out.writeInt(b.features.length);
            for (String f : b.features) out.writeUTF(f);
            for (int i = 0; i < BUCKETS; i++) {
                FixedSum[] sums = b.sums(i);
                out.writeLong(b.n[i]);
                out.writeBoolean(sums != null);
                if (sums != null) for (FixedSum s : sums) s.writeTo(out);
            }
        }
    }

    public static CoMoments readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) throw new IOException("unknown co-moments format " + format);
        CoMoments c = new CoMoments();
        int blocks = in.readInt();
        for (int k = 0; k < blocks; k++) {
            String[] features = new String[in.readInt()];
            for (int j = 0; j < features.length; j++) features[j] = in.readUTF();
            Block b = new Block(features);
            for (int i = 0; i < BUCKETS; i++) {
                b.n[i] = in.readLong();
                if (in.readBoolean()) {
                    b.sums[i] = new FixedSum[b.width()];
                    for (int j = 0; j < b.sums[i].length; j++) b.sums[i][j] = FixedSum.readFrom(in);
                }
            }
            c.blocks.put(String.join(String.valueOf(SEP), features), b);
        }
        return c;
    }
}
