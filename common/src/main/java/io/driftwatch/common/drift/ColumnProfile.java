package io.driftwatch.common.drift;

import io.driftwatch.common.io.ByteForms;
import io.driftwatch.common.parse.Labels;
import io.driftwatch.common.parse.TaskInference;
import io.driftwatch.common.parse.TextValues;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable profile of one column (a feature, the prediction or the label) of one key and window:
 * a {@link NumericProfile} for its numeric values and a {@link CategoricalProfile} for its text
 * values.
 *
 * <p>Type: the declared one ({@code models.<m>.features}) when there is one — then every value is
 * read as that type: numbers become categories by their text, text becomes a number where it reads as
 * one and is counted as {@link #invalid()} otherwise. Without a declaration the type is inferred from
 * the values themselves: numbers are numeric, strings and booleans categorical (in CSV, text that
 * reads as a number is a number); both kinds are kept, and the column's type is the kind most of its
 * values have (numeric on a tie), the other kind's values count as invalid. The rule depends only on
 * the counts, so it gives the same type whatever order values arrive in; a column whose values change
 * kind over time changes type in the windows where the other kind becomes the majority, and
 * {@code feature_drift} reports such a window as drifted ({@code note}: type changed).
 *
 * <p>Missing values (absent or null) are not held here: the window's row count is, in
 * {@link ProfileSet}, and {@code missing = rows − count − invalid}.
 */
public final class ColumnProfile {
    /** 2 added the count of cut text values; 3 the co-moments of the multivariate column; 1 and 2 are still read. */
    private static final byte FORMAT = 3;

    private final ColumnType declared;
    private NumericProfile numeric;
    private CategoricalProfile categorical;
    private long invalid;
    private long truncated;
    /** The numeric features' co-moments: the {@code __multivariate__} column only. */
    private CoMoments coMoments;

    /** The profile of the reserved {@code __multivariate__} column ({@link PcaReconstruction#FEATURE}). */
    public static ColumnProfile multivariate() {
        ColumnProfile p = new ColumnProfile(null);
        p.coMoments = new CoMoments();
        return p;
    }

    /** Adds a record's numeric features to the multivariate column ({@link CoMoments#add}). */
    public void addRecord(String[] names, double[] numbers, String[] texts, java.util.Map<String, ColumnType> declared,
            int bucketKey) {
        coMoments.add(names, numbers, texts, declared, bucketKey);
    }

    /** The co-moments of the multivariate column, or null for any other. */
    public CoMoments coMoments() {
        return coMoments;
    }

    /** @param declared the declared type, or null to infer it */
    public ColumnProfile(ColumnType declared) {
        this.declared = declared;
    }

    /**
     * Adds a value as {@code Observation} carries it: a number (NaN when none) and/or a text (null
     * when none); both set means text that reads as a number (CSV).
     */
    public void add(double number, String text) {
        if (TextValues.wasCut(text)) truncated++;
        if (declared == ColumnType.CATEGORICAL) {
            if (text != null) categorical().add(text);
            else if (Double.isFinite(number)) categorical().add(Labels.numberText(number));
            else invalid++;
            return;
        }
        if (declared == ColumnType.NUMERIC && Double.isNaN(number) && text != null) {
            number = TaskInference.numberOrNaN(text);
            if (Double.isNaN(number)) {
                invalid++;
                return;
            }
        }
        if (!Double.isNaN(number)) {
            if (Double.isFinite(number)) numeric().add(number);
            else invalid++; // an infinite value cannot be profiled; it is counted, not dropped
        } else if (text != null) {
            categorical().add(text);
        }
    }

    private NumericProfile numeric() {
        if (numeric == null) numeric = new NumericProfile();
        return numeric;
    }

    private CategoricalProfile categorical() {
        if (categorical == null) categorical = new CategoricalProfile();
        return categorical;
    }

    public ColumnProfile merge(ColumnProfile o) {
        if (o.coMoments != null) {
            if (coMoments == null) coMoments = new CoMoments();
            coMoments.merge(o.coMoments);
        }
        if (o.numeric != null) numeric().merge(o.numeric);
        if (o.categorical != null) categorical().merge(o.categorical);
        invalid += o.invalid;
        truncated += o.truncated;
        return this;
    }

    /** The declared type, or null. */
    public ColumnType declared() {
        return declared;
    }

    /** The column's type (see the class comment); null when it has no values and no declared type. */
    public ColumnType type() {
        if (coMoments != null) return ColumnType.MULTIVARIATE;
        if (declared != null) return declared;
        long n = numeric == null ? 0 : numeric.count();
        long c = categorical == null ? 0 : categorical.count();
        if (n == 0 && c == 0) return null;
        return n >= c ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
    }

    /** Values of the column's type. */
    public long count() {
        ColumnType t = type();
        if (t == ColumnType.NUMERIC) return numeric == null ? 0 : numeric.count();
        if (t == ColumnType.CATEGORICAL) return categorical == null ? 0 : categorical.count();
        if (t == ColumnType.MULTIVARIATE) {
            CoMoments.Block main = coMoments.main();
            return main == null ? 0 : main.count();
        }
        return 0;
    }

    /** Values that are not of the column's type (or infinite numbers), counted and not profiled. */
    public long invalid() {
        ColumnType t = type();
        long otherKind = t == ColumnType.NUMERIC ? (categorical == null ? 0 : categorical.count())
                : t == ColumnType.CATEGORICAL ? (numeric == null ? 0 : numeric.count()) : 0;
        return invalid + otherKind;
    }

    /** Text values that were cut to {@link TextValues#MAX_LENGTH} characters before they were profiled. */
    public long truncated() {
        return truncated;
    }

    /** The numeric values' profile (empty when there are none). */
    public NumericProfile numericProfile() {
        return numeric == null ? new NumericProfile() : numeric;
    }

    /** The text values' profile (empty when there are none). */
    public CategoricalProfile categoricalProfile() {
        return categorical == null ? new CategoricalProfile() : categorical;
    }

    /** Distinct values of the column's type (estimate; exact for small counts). */
    public long distinct() {
        ColumnType t = type();
        if (t == ColumnType.NUMERIC) return numericProfile().distinct();
        if (t == ColumnType.CATEGORICAL) return categoricalProfile().distinct();
        return 0;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(declared == null ? -1 : declared.ordinal());
        out.writeLong(invalid);
        out.writeLong(truncated);
        out.writeBoolean(numeric != null);
        if (numeric != null) numeric.writeTo(out);
        out.writeBoolean(categorical != null);
        if (categorical != null) categorical.writeTo(out);
        out.writeBoolean(coMoments != null);
        if (coMoments != null) coMoments.writeTo(out);
    }

    public static ColumnProfile readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format < 1 || format > FORMAT) throw new IOException("unknown column profile format " + format);
        int d = in.readByte();
        ColumnProfile p = new ColumnProfile(d < 0 ? null : ColumnType.values()[d]);
        p.invalid = in.readLong();
        if (format >= 2) p.truncated = in.readLong();
        if (in.readBoolean()) p.numeric = NumericProfile.readFrom(in);
        if (in.readBoolean()) p.categorical = CategoricalProfile.readFrom(in);
        if (format >= 3 && in.readBoolean()) p.coMoments = CoMoments.readFrom(in);
        return p;
    }

    /** The profile as bytes (the {@code sketch} column of {@code feature_profiles}). */
    public byte[] toBytes() {
        return ByteForms.toBytes(this::writeTo);
    }

    /** Reads {@link #toBytes} output. */
    public static ColumnProfile fromBytes(byte[] bytes) {
        return ByteForms.fromBytes(bytes, ColumnProfile::readFrom);
    }
}
