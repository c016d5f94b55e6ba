package io.driftwatch.jobs.report;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.RetrainingSignalTable;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.reference.StoredProfiles;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.jobs.tables.RunRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.fs.Path;

/**
 * What the HTML report shows, read from an output directory through the tables' own schemas: per
 * model the latest decision, KPI series with their anomalies and reference levels, the drift of every
 * column in every window, the distributions behind the most drifted columns, data quality; and the
 * {@code runs} audit trail. Two views of it: {@link #page()} for the template (text the page shows
 * as HTML) and {@link #charts()} for the script that draws the charts (numbers, as JSON).
 */
public final class ReportData {
    /** The KPIs charted, in this order, when a model has values for them (contract §5 names). */
    static final List<Kpi> CHARTED = List.of(Kpi.ACCURACY, Kpi.F1, Kpi.ROC_AUC, Kpi.LOG_LOSS, Kpi.RMSE, Kpi.MAE,
            Kpi.ESTIMATED_ACCURACY, Kpi.LABEL_COVERAGE, Kpi.MEAN_PREDICTION, Kpi.LATENCY_MS_P50, Kpi.LATENCY_MS_P95,
            Kpi.LATENCY_MS_P99, Kpi.THROUGHPUT_PER_S, Kpi.ERROR_RATE, Kpi.CPU_PCT_MEAN, Kpi.MEMORY_MB_MEAN,
            Kpi.GPU_PCT_MEAN);
    /** How many of a window's most drifted columns get their distributions drawn. */
    static final int DISTRIBUTIONS_PER_WINDOW = 3;
    static final String ALL = "__all__";

    private final Map<String, Object> page = new LinkedHashMap<>();
    private final Map<String, Object> charts = new LinkedHashMap<>();

    private ReportData() {}

    public Map<String, Object> page() {
        return page;
    }

    public Map<String, Object> charts() {
        return charts;
    }

    /** The models shown. */
    @SuppressWarnings("unchecked")
    public List<String> modelNames() {
        return ((List<Map<String, Object>>) page.get("models")).stream().map(m -> (String) m.get("name")).toList();
    }

    /**
     * Reads the report's tables.
     *
     * @param models only these models (empty: all)
     * @param reference a reference profile directory, or null: none (no reference levels, no
     *     reference distributions)
     */
    public static ReportData read(Path output, Set<String> models, long from, long to, Path reference) throws Exception {
        List<String> only = models.isEmpty() ? null : List.copyOf(models);
        // the tables read side by side (a 90-day output has a file per table, model and day), without
        // the sketches and KPI states a page of values does not need
        Store store = Store.at(output);
        var kpisRead = async(() -> store.read(KpiWindowRow.SCHEMA, only, from, to, Set.of("kpi_state")));
        var anomaliesRead = async(() -> store.read(KpiAnomalyTable.SCHEMA, only, from, to));
        var driftRead = async(() -> store.read(FeatureDriftRow.SCHEMA, only, from, to));
        var profilesRead = async(() -> store.read(FeatureProfileRow.SCHEMA, only, from, to, Set.of("sketch")));
        var signalsRead = async(() -> store.read(RetrainingSignalTable.SCHEMA, only, from, to));
        var runsRead = async(() -> store.readAll(RunRow.SCHEMA));
        ReferenceProfiles refProfiles = null;
        List<KpiWindowRow> refKpis = List.of();
        if (reference != null) {
            if (!StoredProfiles.read(reference, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty()) {
                refProfiles = StoredProfiles.reference(reference, "--reference-profile");
            }
            refKpis = Store.at(reference).read(KpiWindowRow.SCHEMA, only, Long.MIN_VALUE, Long.MAX_VALUE, Set.of("kpi_state"));
        }
        List<KpiWindowRow> kpis = kpisRead.get();
        List<KpiAnomaly> anomalies = anomaliesRead.get();
        List<FeatureDriftRow> drift = driftRead.get();
        List<FeatureProfileRow> profiles = profilesRead.get();
        List<RetrainingSignal> signals = signalsRead.get();
        List<RunRow> runs = runsRead.get();

        ReportData d = new ReportData();
        TreeSet<String> names = new TreeSet<>();
        kpis.forEach(r -> names.add(r.model()));
        signals.forEach(r -> names.add(r.model()));
        drift.forEach(r -> names.add(r.model()));
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (KpiWindowRow r : kpis) {
            first = Math.min(first, r.windowStart());
            last = Math.max(last, r.windowEnd());
        }
        d.page.put("output", output.toString());
        d.page.put("range", first == Long.MAX_VALUE ? "no windows" : day(first) + " – " + day(last));
        d.page.put("reference", reference == null || refProfiles == null ? "none found (no reference levels or"
                + " reference distributions; give --reference-profile DIR)" : reference.toString());
        List<Map<String, Object>> modelPages = new ArrayList<>();
        List<Map<String, Object>> modelCharts = new ArrayList<>();
        int i = 0;
        for (String model : names) {
            String id = "m" + i++;
            Map<String, Object> p = new LinkedHashMap<>();
            Map<String, Object> c = new LinkedHashMap<>();
            p.put("name", model);
            p.put("id", id);
            c.put("name", model);
            c.put("id", id);
            decisions(p, model, signals);
            kpiCharts(p, c, id, model, kpis, anomalies, refKpis);
            driftCharts(p, c, id, model, drift, profiles, refProfiles);
            modelPages.add(p);
            modelCharts.add(c);
        }
        d.page.put("models", modelPages);
        d.page.put("noModels", modelPages.isEmpty());
        d.charts.put("models", modelCharts);
        runs(d, runs);
        return d;
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    /** Reading threads: file opening waits on the disk as much as on a core. */
    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(3, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "report-reader");
                t.setDaemon(true);
                return t;
            });

    /** A read on the reading threads; {@link java.util.concurrent.Future#get} rethrows its failure. */
    private static <T> java.util.concurrent.CompletableFuture<T> async(Read<T> read) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return read.read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, READERS);
    }

    // ---- decisions

    private static void decisions(Map<String, Object> p, String model, List<RetrainingSignal> signals) {
        List<RetrainingSignal> mine = signals.stream().filter(s -> s.model().equals(model))
                .sorted(Comparator.comparingLong(RetrainingSignal::windowStart).thenComparing(RetrainingSignal::modelVersion))
                .toList();
        if (mine.isEmpty()) {
            p.put("decision", "no decision");
            p.put("decisionClass", "none");
            p.put("reasons", List.of("no retraining_signals rows for this model in the range"));
            p.put("decisions", List.of());
            return;
        }
        long latest = mine.get(mine.size() - 1).windowStart();
        // the latest window's most severe decision (one row per version)
        RetrainingSignal top = mine.stream().filter(s -> s.windowStart() == latest)
                .max(Comparator.comparingDouble(RetrainingSignal::severity)).orElseThrow();
        p.put("decision", top.decision().name());
        p.put("decisionClass", top.decision().name().toLowerCase(java.util.Locale.ROOT));
        p.put("decisionWindow", day(top.windowStart()));
        p.put("decisionVersion", top.modelVersion());
        p.put("severity", String.format(java.util.Locale.ROOT, "%.2f", top.severity()));
        p.put("reasons", top.reasons().isEmpty() ? List.of("within every threshold") : top.reasons());
        p.put("driftedFeatures", String.join(", ", top.driftedFeatures()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = mine.size() - 1; k >= 0; k--) {
            RetrainingSignal s = mine.get(k);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("window", day(s.windowStart()));
            r.put("version", s.modelVersion());
            r.put("decision", s.decision().name());
            r.put("decisionClass", s.decision().name().toLowerCase(java.util.Locale.ROOT));
            r.put("reason", s.reasons().isEmpty() ? "" : String.join("; ", s.reasons()));
            rows.add(r);
        }
        p.put("decisions", rows);
    }

    // ---- KPI trends

    private static void kpiCharts(Map<String, Object> p, Map<String, Object> c, String id, String model,
            List<KpiWindowRow> kpis, List<KpiAnomaly> anomalies, List<KpiWindowRow> refKpis) {
        List<KpiWindowRow> mine = kpis.stream().filter(r -> r.model().equals(model) && ALL.equals(r.segment()))
                .sorted(Comparator.comparingLong(KpiWindowRow::windowStart)).toList();
        List<Map<String, Object>> pageCharts = new ArrayList<>();
        List<Map<String, Object>> series = new ArrayList<>();
        for (Kpi k : CHARTED) {
            Map<String, List<double[]>> byVersion = new TreeMap<>();
            Map<String, List<List<Object>>> bands = new TreeMap<>();
            for (KpiWindowRow r : mine) {
                Double v = r.kpis().value(k);
                if (v != null && Double.isFinite(v)) {
                    byVersion.computeIfAbsent(r.modelVersion(), x -> new ArrayList<>()).add(new double[] {r.windowStart(), v});
                    // the window's 95 % interval (issue 20): drawn as a band, so a move within it reads as noise
                    Double lo = r.kpis().ciLow(k), hi = r.kpis().ciHigh(k);
                    if (lo != null && hi != null && Double.isFinite(lo) && Double.isFinite(hi) && round(lo) != null
                            && round(hi) != null) {
                        bands.computeIfAbsent(r.modelVersion(), x -> new ArrayList<>())
                                .add(List.of(r.windowStart(), round(lo), round(hi)));
                    }
                }
            }
            if (byVersion.isEmpty()) continue;
            List<Map<String, Object>> lines = new ArrayList<>();
            byVersion.forEach((version, points) -> lines.add(Map.of("version", version, "points", round(points),
                    "band", bands.getOrDefault(version, List.of()))));
            List<Map<String, Object>> marks = new ArrayList<>();
            for (KpiAnomaly a : anomalies) {
                if (a.anomaly() && a.model().equals(model) && ALL.equals(a.segment()) && a.kpi().equals(k.column())
                        && a.value() != null) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("version", a.modelVersion());
                    m.put("t", a.windowStart());
                    m.put("value", round(a.value()));
                    m.put("note", anomalyNote(a));
                    marks.add(m);
                }
            }
            double sum = 0;
            int n = 0;
            for (KpiWindowRow r : refKpis) {
                Double v = r.model().equals(model) && ALL.equals(r.segment()) ? r.kpis().value(k) : null;
                if (v != null && Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
            String chartId = id + "-" + k.column();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", chartId);
            s.put("kpi", k.column());
            s.put("series", lines);
            s.put("anomalies", marks);
            s.put("reference", n == 0 ? null : round(sum / n));
            series.add(s);
            pageCharts.add(Map.of("id", chartId, "kpi", k.column(), "anomalies", marks.size()));
        }
        p.put("kpiCharts", pageCharts);
        c.put("kpis", series);
    }

    private static String anomalyNote(KpiAnomaly a) {
        StringBuilder b = new StringBuilder(a.kpi()).append(' ').append(a.modelVersion()).append(": ").append(num(a.value()));
        if (a.baselineMean() != null) b.append(" vs baseline ").append(num(a.baselineMean()));
        if (a.zScore() != null) b.append(", z ").append(num(a.zScore()));
        if (a.direction() != null) b.append(" (").append(a.direction()).append(')');
        // the evidence over consecutive windows, when it is what fired (issue 20)
        if (a.note() != null && a.note().startsWith("persistent change")) b.append("; ").append(a.note());
        return b.toString();
    }

    // ---- drift, distributions, data quality

    /** A column's key across tables: kind and name. */
    private record ColumnKey(String kind, String name) implements Comparable<ColumnKey> {
        public int compareTo(ColumnKey o) {
            int k = Integer.compare(order(kind), order(o.kind));
            return k != 0 ? k : naturally(name, o.name);
        }

        static int order(String kind) {
            return switch (kind) {
                case "feature" -> 0;
                case "prediction" -> 1;
                default -> 2;
            };
        }

        String label() {
            return kind.equals("feature") ? name : kind.equals(name) ? name : kind + ":" + name;
        }
    }

    /** x2 before x10: runs of digits compare as numbers (generated and one-hot columns are numbered). */
    static int naturally(String a, String b) {
        java.util.regex.Matcher x = CHUNK.matcher(a), y = CHUNK.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group(), q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        return a.compareTo(b);
    }

    private static final java.util.regex.Pattern CHUNK = java.util.regex.Pattern.compile("\\d+|\\D+");

    /**
     * How far past its threshold a column's decision statistic is: statistic ÷ threshold for a
     * distance (PSI, Jensen-Shannon, Wasserstein), log p ÷ log threshold for a test (KS, chi-square);
     * 1 is the drift line either way, so one color scale fits every method.
     */
    static double score(ColumnDrift d) {
        if (!Double.isNaN(d.pValue())) {
            double p = Math.max(Double.isNaN(d.pValueAdjusted()) ? d.pValue() : d.pValueAdjusted(), 1e-300);
            return d.threshold() > 0 && d.threshold() < 1 ? Math.log(p) / Math.log(d.threshold()) : 0;
        }
        return d.threshold() > 0 && Double.isFinite(d.statistic()) ? d.statistic() / d.threshold() : 0;
    }

    private static void driftCharts(Map<String, Object> p, Map<String, Object> c, String id, String model,
            List<FeatureDriftRow> drift, List<FeatureProfileRow> profiles, ReferenceProfiles reference) {
        // one row per (column, window): of several versions the one furthest past its threshold
        Map<ColumnKey, Map<Long, FeatureDriftRow>> cells = new TreeMap<>();
        TreeSet<Long> windows = new TreeSet<>();
        for (FeatureDriftRow r : drift) {
            if (!r.model().equals(model) || !ALL.equals(r.segment())) continue;
            ColumnKey key = new ColumnKey(r.d().kind().configName(), r.d().feature());
            windows.add(r.windowStart());
            cells.computeIfAbsent(key, x -> new HashMap<>()).merge(r.windowStart(), r,
                    (a, b) -> score(b.d()) > score(a.d()) ? b : a);
        }
        List<Long> windowList = new ArrayList<>(windows);
        List<ColumnKey> columns = new ArrayList<>(cells.keySet());
        List<Object[]> heat = new ArrayList<>();
        Map<Long, List<Object[]>> ranked = new HashMap<>();
        for (int y = 0; y < columns.size(); y++) {
            for (Map.Entry<Long, FeatureDriftRow> e : cells.get(columns.get(y)).entrySet()) {
                ColumnDrift d = e.getValue().d();
                double s = score(d);
                int x = windowList.indexOf(e.getKey());
                // x, y, score, drifted, then what the tooltip shows
                heat.add(new Object[] {x, y, round(Math.min(s, 99)), Boolean.TRUE.equals(d.drifted()) ? 1 : 0,
                        e.getValue().modelVersion(), d.method(), round(d.statistic()), round(d.threshold()),
                        nan(d.pValue()), round(d.psi()), round(d.jensenShannon()), round(d.ksStatistic()),
                        round(d.wassersteinNorm()), nan(d.chiSquarePValue()), round(d.missingRate()),
                        round(d.referenceMissingRate()), round(d.newCategoryRate()), d.count(), d.note()});
                ranked.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Object[] {s, columns.get(y), e.getValue()});
            }
        }
        Map<String, Object> heatmap = new LinkedHashMap<>();
        heatmap.put("id", id + "-drift");
        heatmap.put("windows", windowList.stream().map(ReportData::day).toList());
        heatmap.put("columns", columns.stream().map(ColumnKey::label).toList());
        heatmap.put("cells", heat);
        c.put("drift", heatmap);
        p.put("driftId", id + "-drift");
        p.put("driftCells", heat.size());
        p.put("driftHeight", Math.max(220, 60 + 18 * columns.size()));
        p.put("hasDrift", !heat.isEmpty());

        // distributions of each window's most drifted columns, reference against current
        Map<List<Object>, FeatureProfileRow> byKey = new HashMap<>();
        for (FeatureProfileRow r : profiles) {
            if (r.model().equals(model) && ALL.equals(r.segment())) {
                byKey.put(List.of(r.modelVersion(), r.windowStart(), r.kind(), r.feature()), r);
            }
        }
        ProfileSet ref = reference == null ? null : reference.of(model, ALL);
        Map<String, Object> distributions = new LinkedHashMap<>();
        for (Map.Entry<Long, List<Object[]>> e : new TreeMap<>(ranked).entrySet()) {
            List<Object[]> top = e.getValue().stream().sorted((a, b) -> Double.compare((double) b[0], (double) a[0]))
                    .limit(DISTRIBUTIONS_PER_WINDOW).toList();
            List<Map<String, Object>> shown = new ArrayList<>();
            for (Object[] t : top) {
                ColumnKey key = (ColumnKey) t[1];
                FeatureDriftRow row = (FeatureDriftRow) t[2];
                FeatureProfileRow current = byKey.get(List.of(row.modelVersion(), row.windowStart(), key.kind(), key.name()));
                ColumnProfile refColumn = ref == null ? null : ref.column(ProfileSet.Kind.valueOf(
                        key.kind().toUpperCase(java.util.Locale.ROOT)), key.name());
                Map<String, Object> dist = distribution(key, row.modelVersion(), current, refColumn);
                if (dist != null) shown.add(dist);
            }
            distributions.put(day(e.getKey()), shown);
        }
        c.put("distributions", distributions);
        p.put("distId", id + "-dist");

        // data quality over time: missing and new-category rates of the columns that have any
        List<Map<String, Object>> missing = new ArrayList<>(), newCategories = new ArrayList<>();
        for (ColumnKey key : columns) {
            List<double[]> m = new ArrayList<>(), n = new ArrayList<>();
            boolean anyMissing = false, anyNew = false;
            for (Map.Entry<Long, FeatureDriftRow> e : new TreeMap<>(cells.get(key)).entrySet()) {
                ColumnDrift d = e.getValue().d();
                m.add(new double[] {e.getKey(), d.missingRate()});
                n.add(new double[] {e.getKey(), d.newCategoryRate()});
                anyMissing |= d.missingRate() > 0;
                anyNew |= d.newCategoryRate() > 0;
            }
            if (anyMissing) missing.add(Map.of("column", key.label(), "points", round(m)));
            if (anyNew) newCategories.add(Map.of("column", key.label(), "points", round(n)));
        }
        c.put("missing", Map.of("id", id + "-missing", "series", missing));
        c.put("newCategories", Map.of("id", id + "-new", "series", newCategories));
        p.put("missingId", id + "-missing");
        p.put("newId", id + "-new");
        p.put("missingColumns", missing.size());
        p.put("newColumns", newCategories.size());
    }

    /** Quantiles (numeric) or category shares (categorical) of one column, current and reference. */
    private static Map<String, Object> distribution(ColumnKey key, String version, FeatureProfileRow current,
            ColumnProfile reference) {
        if (current == null) return null;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("column", key.label());
        d.put("version", version);
        if (current.quantiles() != null) {
            d.put("kind", "numeric");
            d.put("current", round(current.quantiles()));
            if (reference != null && reference.numericProfile() != null && reference.count() > 0) {
                double[] q = new double[current.quantiles().length];
                for (int i = 0; i < q.length; i++) q[i] = reference.numericProfile().quantile(i / (double) (q.length - 1));
                d.put("reference", round(q));
            }
            return d;
        }
        if (current.topValues() != null) {
            d.put("kind", "categorical");
            long total = Math.max(1, current.count());
            Map<String, Double> cur = new LinkedHashMap<>();
            for (int i = 0; i < current.topValues().length; i++) cur.put(current.topValues()[i], current.topCounts()[i] / (double) total);
            Map<String, Double> refShares = new LinkedHashMap<>();
            if (reference != null && reference.categoricalProfile() != null && reference.count() > 0) {
                for (Map.Entry<String, Long> e : reference.categoricalProfile().top(current.topValues().length)) {
                    refShares.put(e.getKey(), e.getValue() / (double) reference.count());
                }
            }
            TreeSet<String> categories = new TreeSet<>(cur.keySet());
            categories.addAll(refShares.keySet());
            d.put("categories", List.copyOf(categories));
            d.put("current", categories.stream().map(k -> round(cur.getOrDefault(k, 0.0))).toList());
            if (!refShares.isEmpty()) d.put("reference", categories.stream().map(k -> round(refShares.getOrDefault(k, 0.0))).toList());
            return d;
        }
        return null;
    }

    // ---- runs and dead letters

    private static void runs(ReportData d, List<RunRow> runs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Long> reasons = new TreeMap<>();
        for (RunRow r : runs.stream().sorted(Comparator.comparingLong(RunRow::startedAt)).toList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", r.runId());
            m.put("command", r.command());
            m.put("status", r.status());
            m.put("started", Timestamps.format(r.startedAt()));
            m.put("range", (r.from() == null ? "…" : day(r.from())) + " – " + (r.to() == null ? "…" : day(r.to())));
            m.put("read", r.recordsRead());
            m.put("valid", r.recordsValid());
            m.put("invalid", r.recordsInvalid());
            m.put("late", r.recordsLate());
            m.put("labelsJoined", r.labelsJoined());
            m.put("windows", r.kpiWindows());
            m.put("decisions", r.decisions() == null ? "" : String.join(", ", r.decisions().stream()
                    .map(v -> v.value() + " " + v.count()).toList()));
            m.put("message", r.message() == null ? "" : r.message());
            rows.add(m);
            if (r.deadLetterReasons() != null) {
                for (Column.ValueCount v : r.deadLetterReasons()) reasons.merge(v.value(), v.count(), Long::sum);
            }
        }
        d.page.put("runs", rows);
        d.page.put("runCount", rows.size());
        List<Map<String, Object>> dead = new ArrayList<>();
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> dead.add(Map.of("reason", e.getKey(), "count", e.getValue())));
        d.page.put("deadLetters", dead);
        d.page.put("noDeadLetters", dead.isEmpty());
        d.charts.put("deadLetters", dead);
    }

    // ---- numbers as the page shows them

    private static String day(long t) {
        String s = Timestamps.format(t);
        return s.endsWith("T00:00:00Z") ? s.substring(0, 10) : s.replace("T", " ").replace(":00Z", "Z");
    }

    private static String num(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Five significant digits: what a chart can show, and a page of 90 days × 40 columns stays small. */
    static Double round(double v) {
        if (!Double.isFinite(v)) return null;
        if (v == 0) return 0.0;
        return new java.math.BigDecimal(v).round(new java.math.MathContext(5)).doubleValue();
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    private static List<Double> round(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) out.add(round(v));
        return out;
    }

    private static List<List<Object>> round(List<double[]> points) {
        List<List<Object>> out = new ArrayList<>(points.size());
        for (double[] p : points) {
            Double v = round(p[1]);
            if (v != null) out.add(List.of((long) p[0], v));
        }
        return out;
    }
}
