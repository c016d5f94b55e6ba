package io.driftwatch.common.config;

import io.driftwatch.common.kpi.Kpi;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service-level check of a model ({@code models.<m>.checks[]}, docs/guide/checks.md): a KPI or a
 * column function compared with a number, optionally only when other values meet their minimum:
 * {@code latency_ms_p99 < 250}, {@code missing_rate(amount) < 0.05},
 * {@code accuracy >= 0.8 when labeled_count >= 200}.
 *
 * <p>The grammar is four tokens and an optional {@code when} list, so it is parsed here by a regular
 * tokenizer rather than a parser generator: {@code check := term op number [when term op number
 * (and term op number)*]}, {@code term := kpi | function "(" column ")"}.
 *
 * @param name the check's name in {@code check_results} (its text unless the config names it)
 * @param text the check as written
 * @param condition the comparison that passes
 * @param when comparisons that must all hold for the check to be judged (else {@code no_data})
 * @param retrain a failure makes the window RETRAIN rather than INVESTIGATE
 */
public record Check(String name, String text, Comparison condition, List<Comparison> when, boolean retrain)
        implements Serializable {

    /** Column functions: each reads the {@code feature_drift} column of the same name for the column. */
    public static final List<String> FUNCTIONS = List.of("missing_rate", "new_category_rate", "mean", "count", "psi",
            "jensen_shannon", "hellinger", "ks_statistic", "wasserstein_norm", "l_infinity");

    /** The functions whose value is a share of the column's records (judged with a binomial interval). */
    public static final List<String> PROPORTIONS = List.of("missing_rate", "new_category_rate");

    /** A comparison operator. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean holds(double value, double bound) {
            return switch (this) {
                case LT -> value < bound;
                case LE -> value <= bound;
                case GT -> value > bound;
                case GE -> value >= bound;
                case EQ -> value == bound;
                case NE -> value != bound;
            };
        }

        static Op of(String symbol) {
            for (Op o : values()) {
                if (o.symbol.equals(symbol)) return o;
            }
            return symbol.equals("=") ? EQ : null;
        }
    }

    /**
     * A value compared with a bound.
     *
     * @param kpi the {@code kpi_windows} column, or null for a column function
     * @param function a column function ({@link #FUNCTIONS}), or null
     * @param column the column of {@code function}
     */
    public record Comparison(String kpi, String function, String column, Op op, double bound) implements Serializable {

        /** The term as written: {@code latency_ms_p99}, {@code missing_rate(amount)}. */
        public String term() {
            return kpi != null ? kpi : function + "(" + column + ")";
        }

        @Override
        public String toString() {
            return term() + " " + op.symbol() + " " + number(bound);
        }
    }

    /** The names a check's term may use: every {@code kpi_windows} column and the column functions. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Kpi k : Kpi.values()) {
            if (k.kind() != Kpi.Kind.FLAG) out.add(k.column());
        }
        out.addAll(FUNCTIONS);
        return out;
    }

    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\(\\s*(\"[^\"]+\"|'[^']+'|[^()\\s]+)\\s*\\))?\\s*(<=|>=|==|!=|<|>|=)"
                    + "\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    /**
     * Parses one check; a {@link ConfigException} names {@code key} and says what is wrong (with a
     * did-you-mean for a mistyped KPI or function).
     */
    public static Check parse(String text, String name, boolean retrain, String key) {
        if (text == null || text.isBlank()) throw new ConfigException(key + ": a check must not be empty");
        String[] parts = text.split("(?i)\\s+when\\s+", -1);
        if (parts.length > 2) throw new ConfigException(key + ": '" + text + "': 'when' given twice");
        Comparison condition = comparison(parts[0], text, key);
        List<Comparison> when = new ArrayList<>();
        if (parts.length == 2) {
            for (String c : parts[1].split("(?i)\\s+and\\s+", -1)) when.add(comparison(c, text, key));
        }
        return new Check(name == null || name.isBlank() ? text.trim() : name, text.trim(), condition, List.copyOf(when),
                retrain);
    }

    private static Comparison comparison(String part, String text, String key) {
        Matcher m = COMPARISON.matcher(part);
        if (!m.matches()) {
            throw new ConfigException(key + ": '" + text + "': cannot read '" + part.trim()
                    + "' (expected <kpi or function(column)> <op> <number>, op one of < <= > >= == !=)");
        }
        String word = m.group(1).toLowerCase(Locale.ROOT);
        String column = m.group(2);
        Op op = Op.of(m.group(3));
        double bound = Double.parseDouble(m.group(4));
        if (column == null) {
            Kpi kpi = Kpi.byColumn(word);
            if (kpi == null || kpi.kind() == Kpi.Kind.FLAG) {
                String hint = FUNCTIONS.contains(word) ? " (" + word + " is a function: " + word + "(column))"
                        : Suggestions.didYouMean(word, names());
                throw new ConfigException(key + ": '" + text + "': unknown KPI '" + m.group(1) + "'" + hint);
            }
            return new Comparison(word, null, null, op, bound);
        }
        if (!FUNCTIONS.contains(word)) {
            throw new ConfigException(key + ": '" + text + "': unknown function '" + m.group(1) + "'"
                    + Suggestions.didYouMean(word, FUNCTIONS) + " (functions: " + String.join(", ", new TreeSet<>(FUNCTIONS))
                    + ")");
        }
        if (column.length() > 1 && (column.startsWith("\"") || column.startsWith("'"))) {
            column = column.substring(1, column.length() - 1);
        }
        return new Comparison(null, word, column, op, bound);
    }

    /** A bound as written back: no trailing {@code .0}. */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
