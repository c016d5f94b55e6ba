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
 * {@code runs} audit trail. Two typed views of it: {@link #page()} for the template (text the page
 * shows as HTML, {@link ReportPage}) and {@link #charts()} for the script that draws the charts
 * (numbers as JSON, {@link ReportCharts}).
 */
public final class ReportData {
    /** The KPIs charted, in this order, when a model has values for them (contract §5 names). */
    static final List<Kpi> CHARTED = List.of(Kpi.ACCURACY, Kpi.F1, Kpi.ROC_AUC, Kpi.LOG_LOSS, Kpi.ECE, Kpi.RMSE, Kpi.MAE,
            Kpi.ESTIMATED_ACCURACY, Kpi.LABEL_COVERAGE, Kpi.MEAN_PREDICTION, Kpi.LATENCY_MS_P50, Kpi.LATENCY_MS_P95,
            Kpi.LATENCY_MS_P99, Kpi.THROUGHPUT_PER_S, Kpi.ERROR_RATE, Kpi.CPU_PCT_MEAN, Kpi.MEMORY_MB_MEAN,
            Kpi.GPU_PCT_MEAN);
    /** How many of a window's most drifted columns get their distributions drawn. */
    static final int DISTRIBUTIONS_PER_WINDOW = 3;
    static final String ALL = "__all__";

    private final ReportPage page;
    private final ReportCharts charts;

    private ReportData(ReportPage page, ReportCharts charts) {
        this.page = page;
        this.charts = charts;
    }

    /** The text of the page. */
    public ReportPage page() {
        return page;
    }

    /** The numbers of the charts. */
    public ReportCharts charts() {
        return charts;
    }

    /** The models shown. */
    public List<String> modelNames() {
        return page.models().stream().map(ReportPage.Model::name).toList();
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
        var versionsRead = async(() -> store.read(io.driftwatch.jobs.tables.ModelVersionTable.SCHEMA, only, from, to));
        var fairnessRead = async(() -> store.read(io.driftwatch.jobs.tables.FairnessRow.SCHEMA, only, from, to));
        var reliabilityRead = async(() -> store.read(RELIABILITY, only, from, to));
        ReferenceProfiles refProfiles = null;
        List<KpiWindowRow> refKpis = List.of();
        List<Reliability> refReliability = List.of();
        if (reference != null) {
            if (!StoredProfiles.read(reference, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty()) {
                refProfiles = StoredProfiles.reference(reference, "--reference-profile");
            }
            refKpis = Store.at(reference).read(KpiWindowRow.SCHEMA, only, Long.MIN_VALUE, Long.MAX_VALUE, Set.of("kpi_state"));
            refReliability = Store.at(reference).read(RELIABILITY, only, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        List<Reliability> reliability = reliabilityRead.get();
        List<KpiWindowRow> kpis = kpisRead.get();
        List<KpiAnomaly> anomalies = anomaliesRead.get();
        List<FeatureDriftRow> drift = driftRead.get();
        List<FeatureProfileRow> profiles = profilesRead.get();
        List<RetrainingSignal> signals = signalsRead.get();
        List<RunRow> runs = runsRead.get();
        List<io.driftwatch.common.trend.ModelVersion> versions = versionsRead.get();
        List<io.driftwatch.jobs.tables.FairnessRow> fairness = fairnessRead.get();

        TreeSet<String> names = new TreeSet<>();
        kpis.forEach(r -> names.add(r.model()));
        signals.forEach(r -> names.add(r.model()));
        drift.forEach(r -> names.add(r.model()));
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (KpiWindowRow r : kpis) {
            first = Math.min(first, r.windowStart());
            last = Math.max(last, r.windowEnd());
        }
        List<ReportPage.Model> modelPages = new ArrayList<>();
        List<ReportCharts.Model> modelCharts = new ArrayList<>();
        int i = 0;
        for (String model : names) {
            String id = "m" + i++;
            DecisionPart dec = decisions(model, signals);
            KpiPart k = kpiCharts(id, model, kpis, anomalies, refKpis, signals);
            DriftPart dr = driftCharts(id, model, drift, profiles, refProfiles);
            ReportCharts.Quality vs = versionChart(id, model, versions);
            ReportCharts.Quality fair = fairnessChart(id, model, fairness);
            ReportCharts.Quality joint = multivariateChart(id, model, drift);
            ReportCharts.Quality calibration = reliabilityChart(id, model, reliability, refReliability);
            modelPages.add(new ReportPage.Model(model, id, dec.decision(), dec.decisionClass(), dec.window(), dec.version(),
                    dec.severity(), dec.reasons(), dec.driftedFeatures(), dec.rows(), k.refs(), dr.heatmap().id(),
                    dr.heatmap().cells().size(), dr.height(), !dr.heatmap().cells().isEmpty(), id + "-dist",
                    dr.missing().id(), dr.newCategories().id(), dr.missing().series().size(),
                    dr.newCategories().series().size(), vs.id(), vs.series().size(), fair.id(), fair.series().size(),
                    joint.id(), joint.series().size(), calibration.id(), calibration.series().size()));
            modelCharts.add(new ReportCharts.Model(model, id, k.series(), dr.heatmap(), dr.distributions(), dr.missing(),
                    dr.newCategories(), vs, fair, joint, calibration));
        }
        RunsPart r = runs(runs);
        ReportPage page = new ReportPage(output.toString(), first == Long.MAX_VALUE ? "no windows" : day(first) + " – "
                + day(last), reference == null || refProfiles == null ? "none found (no reference levels or"
                        + " reference distributions; give --reference-profile DIR)" : reference.toString(),
                modelPages, modelPages.isEmpty(), r.rows(), r.rows().size(), r.deadLetters(), r.deadLetters().isEmpty());
        return new ReportData(page, new ReportCharts(modelCharts, r.deadLetters()));
    }

    /** The {@code reliability} column of {@code kpi_windows} with its keys (read without the KPI states). */
    record Reliability(String model, String modelVersion, String segment, long windowStart, String bins) {}

    static final io.driftwatch.jobs.parquet.TableSchema<Reliability> RELIABILITY = new io.driftwatch.jobs.parquet.TableSchema<>(
            "kpi_windows", List.of(
                    io.driftwatch.jobs.parquet.Column.string("model", Reliability::model),
                    io.driftwatch.jobs.parquet.Column.string("model_version", Reliability::modelVersion),
                    io.driftwatch.jobs.parquet.Column.string("segment", Reliability::segment),
                    io.driftwatch.jobs.parquet.Column.timestamp("window_start", Reliability::windowStart),
                    io.driftwatch.jobs.parquet.Column.string("reliability", Reliability::bins)),
            Reliability::model, Reliability::windowStart,
            r -> new Reliability(r.string("model"), r.string("model_version"), r.string("segment"), r.int64("window_start"),
                    r.string("reliability")));

    /**
     * The reliability diagram (docs/guide/checks.md "Calibration"): per score bin {@code [mean score,
     * positive share, labeled count]} of the reference period (its windows merged bin by bin), the
     * range's first and its last window with labels (each version's), so calibration that moved shows
     * as a curve leaving the diagonal.
     */
    private static ReportCharts.Quality reliabilityChart(String id, String model, List<Reliability> rows,
            List<Reliability> reference) {
        List<ReportCharts.ColumnSeries> series = new ArrayList<>();
        List<Reliability> ref = reference.stream().filter(r -> r.model().equals(model) && ALL.equals(r.segment())
                && r.bins() != null).toList();
        if (!ref.isEmpty()) series.add(new ReportCharts.ColumnSeries("reference", mergeBins(ref)));
        List<Reliability> mine = rows.stream().filter(r -> r.model().equals(model) && ALL.equals(r.segment())
                && r.bins() != null).sorted(Comparator.comparingLong(Reliability::windowStart)
                        .thenComparing(Reliability::modelVersion)).toList();
        if (!mine.isEmpty()) {
            long first = mine.get(0).windowStart(), last = mine.get(mine.size() - 1).windowStart();
            for (Reliability r : mine) {
                if (r.windowStart() == first || r.windowStart() == last) {
                    series.add(new ReportCharts.ColumnSeries(day(r.windowStart()) + " " + r.modelVersion(),
                            mergeBins(List.of(r))));
                }
            }
        }
        return new ReportCharts.Quality(id + "-reliability", series);
    }

    /** Windows' bins ({@code [bin, n, mean score, positive share]}) merged bin by bin: {@code [mean score, share, n]}. */
    private static List<List<Object>> mergeBins(List<Reliability> rows) {
        TreeMap<Integer, double[]> bins = new TreeMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Reliability r : rows) {
            try {
                for (var b : json.readTree(r.bins())) {
                    double n = b.get(1).asDouble();
                    double[] acc = bins.computeIfAbsent(b.get(0).asInt(), x -> new double[3]);
                    acc[0] += n;
                    acc[1] += n * b.get(2).asDouble();
                    acc[2] += n * b.get(3).asDouble();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<List<Object>> out = new ArrayList<>();
        bins.values().forEach(a -> out.add(java.util.Arrays.asList(round(a[1] / a[0]), round(a[2] / a[0]), (long) a[0])));
        return out;
    }

    /**
     * The versions chart: per version its {@code [t, traffic share, worse, note]} per window
     * ({@code model_versions}), so a rollout or a rollback shows as shares moving.
     */
    private static ReportCharts.Quality versionChart(String id, String model, List<io.driftwatch.common.trend.ModelVersion> rows) {
        Map<String, List<List<Object>>> byVersion = new java.util.TreeMap<>();
        for (io.driftwatch.common.trend.ModelVersion v : rows) {
            if (!v.model().equals(model)) continue;
            String name = v.endpoint() == null ? v.modelVersion() : v.modelVersion() + " (" + v.endpoint() + ")";
            byVersion.computeIfAbsent(name, x -> new ArrayList<>()).add(java.util.Arrays.asList(v.windowStart(),
                    v.trafficShare(), v.worse() ? 1 : 0, v.note()));
        }
        List<ReportCharts.ColumnSeries> series = new ArrayList<>();
        byVersion.forEach((name, points) -> {
            points.sort(java.util.Comparator.comparingLong(p -> (Long) p.get(0)));
            series.add(new ReportCharts.ColumnSeries(name, points));
        });
        return new ReportCharts.Quality(id + "-versions", series);
    }

    /**
     * The fairness chart: per judged group of each attribute (not the reference group) its
     * {@code [t, disparate impact, breach, note]} per window of the whole model ({@code fairness}), with
     * the default limit (0.8, the four-fifths rule) drawn by the page.
     */
    private static ReportCharts.Quality fairnessChart(String id, String model, List<io.driftwatch.jobs.tables.FairnessRow> rows) {
        Map<String, List<List<Object>>> byGroup = new java.util.TreeMap<>();
        for (io.driftwatch.jobs.tables.FairnessRow r : rows) {
            var f = r.f();
            if (!r.model().equals(model) || !ALL.equals(r.segment()) || f.isReference() || f.disparateImpact() == null) continue;
            String name = f.attribute() + "=" + f.group() + " vs " + f.referenceGroup()
                    + ("1".equals(f.positiveClass()) ? "" : " (class " + f.positiveClass() + ")")
                    + (r.modelVersion().isEmpty() ? "" : " " + r.modelVersion());
            byGroup.computeIfAbsent(name, x -> new ArrayList<>()).add(java.util.Arrays.asList(r.windowStart(),
                    round(f.disparateImpact()), f.breach() ? 1 : 0, f.note()));
        }
        List<ReportCharts.ColumnSeries> series = new ArrayList<>();
        byGroup.forEach((name, points) -> {
            points.sort(java.util.Comparator.comparingLong(p -> (Long) p.get(0)));
            series.add(new ReportCharts.ColumnSeries(name, points));
        });
        return new ReportCharts.Quality(id + "-fairness", series);
    }

    /**
     * The multivariate chart: per version the {@code __multivariate__} rows' {@code [t, error, threshold,
     * drifted, note]} per window (docs/guide/drift.md "Multivariate drift").
     */
    private static ReportCharts.Quality multivariateChart(String id, String model, List<FeatureDriftRow> drift) {
        Map<String, List<List<Object>>> byVersion = new TreeMap<>();
        for (FeatureDriftRow r : drift) {
            ColumnDrift d = r.d();
            if (!r.model().equals(model) || !ALL.equals(r.segment())
                    || !io.driftwatch.common.drift.PcaReconstruction.FEATURE.equals(d.feature()) || Double.isNaN(d.statistic())) {
                continue;
            }
            byVersion.computeIfAbsent(r.modelVersion(), x -> new ArrayList<>()).add(java.util.Arrays.asList(r.windowStart(),
                    round(d.statistic()), round(d.threshold()), Boolean.TRUE.equals(d.drifted()) ? 1 : 0, d.note()));
        }
        List<ReportCharts.ColumnSeries> series = new ArrayList<>();
        byVersion.forEach((version, points) -> {
            points.sort(java.util.Comparator.comparingLong(p -> (Long) p.get(0)));
            series.add(new ReportCharts.ColumnSeries(version, points));
        });
        return new ReportCharts.Quality(id + "-multivariate", series);
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

    /** A model's decisions: the latest window's most severe one, and every window's. */
    private record DecisionPart(String decision, String decisionClass, String window, String version, String severity,
            List<String> reasons, String driftedFeatures, List<ReportPage.Decision> rows) {}

    private static DecisionPart decisions(String model, List<RetrainingSignal> signals) {
        List<RetrainingSignal> mine = signals.stream().filter(s -> s.model().equals(model))
                .sorted(Comparator.comparingLong(RetrainingSignal::windowStart).thenComparing(RetrainingSignal::modelVersion))
                .toList();
        if (mine.isEmpty()) {
            return new DecisionPart("no decision", "none", null, null, null,
                    List.of("no retraining_signals rows for this model in the range"), null, List.of());
        }
        long latest = mine.get(mine.size() - 1).windowStart();
        // the latest window's most severe decision (one row per version)
        RetrainingSignal top = mine.stream().filter(s -> s.windowStart() == latest)
                .max(Comparator.comparingDouble(RetrainingSignal::severity)).orElseThrow();
        List<ReportPage.Decision> rows = new ArrayList<>();
        for (int k = mine.size() - 1; k >= 0; k--) {
            RetrainingSignal s = mine.get(k);
            rows.add(new ReportPage.Decision(day(s.windowStart()), s.modelVersion(), s.decision().name(),
                    s.decision().name().toLowerCase(java.util.Locale.ROOT),
                    s.reasons().isEmpty() ? "" : String.join("; ", s.reasons())));
        }
        return new DecisionPart(top.decision().name(), top.decision().name().toLowerCase(java.util.Locale.ROOT),
                day(top.windowStart()), top.modelVersion(), String.format(java.util.Locale.ROOT, "%.2f", top.severity()),
                top.reasons().isEmpty() ? List.of("within every threshold") : top.reasons(),
                String.join(", ", top.driftedFeatures()), rows);
    }

    // ---- KPI trends

    /** A model's KPI charts: what the page lists, what the script draws. */
    private record KpiPart(List<ReportPage.ChartRef> refs, List<ReportCharts.Kpi> series) {}

    private static KpiPart kpiCharts(String id, String model, List<KpiWindowRow> kpis, List<KpiAnomaly> anomalies,
            List<KpiWindowRow> refKpis, List<RetrainingSignal> signals) {
        List<KpiWindowRow> mine = kpis.stream().filter(r -> r.model().equals(model) && ALL.equals(r.segment()))
                .sorted(Comparator.comparingLong(KpiWindowRow::windowStart)).toList();
        List<ReportPage.ChartRef> pageCharts = new ArrayList<>();
        List<ReportCharts.Kpi> series = new ArrayList<>();
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
            List<ReportCharts.Line> lines = new ArrayList<>();
            byVersion.forEach((version, points) -> lines.add(new ReportCharts.Line(version, round(points),
                    bands.getOrDefault(version, List.of()))));
            // beside the realised F1 and ROC AUC: CBPE's estimate without labels and its band (retraining_signals)
            if (k == Kpi.F1 || k == Kpi.ROC_AUC) lines.addAll(estimated(model, k, signals));
            List<ReportCharts.Mark> marks = new ArrayList<>();
            for (KpiAnomaly a : anomalies) {
                if (a.anomaly() && a.model().equals(model) && ALL.equals(a.segment()) && a.kpi().equals(k.column())
                        && a.value() != null) {
                    marks.add(new ReportCharts.Mark(a.modelVersion(), a.windowStart(), round(a.value()), anomalyNote(a)));
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
            series.add(new ReportCharts.Kpi(chartId, k.column(), lines, marks, n == 0 ? null : round(sum / n)));
            pageCharts.add(new ReportPage.ChartRef(chartId, k.column(), marks.size()));
        }
        return new KpiPart(pageCharts, series);
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

    /** A model's drift heatmap, distributions and data-quality charts, with the heatmap's height. */
    private record DriftPart(ReportCharts.Heatmap heatmap, int height, Map<String, List<ReportCharts.Distribution>> distributions,
            ReportCharts.Quality missing, ReportCharts.Quality newCategories) {}

    private static DriftPart driftCharts(String id, String model, List<FeatureDriftRow> drift,
            List<FeatureProfileRow> profiles, ReferenceProfiles reference) {
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
        ReportCharts.Heatmap heatmap = new ReportCharts.Heatmap(id + "-drift",
                windowList.stream().map(ReportData::day).toList(), columns.stream().map(ColumnKey::label).toList(), heat);

        // distributions of each window's most drifted columns, reference against current
        Map<List<Object>, FeatureProfileRow> byKey = new HashMap<>();
        for (FeatureProfileRow r : profiles) {
            if (r.model().equals(model) && ALL.equals(r.segment())) {
                byKey.put(List.of(r.modelVersion(), r.windowStart(), r.kind(), r.feature()), r);
            }
        }
        ProfileSet ref = reference == null ? null : reference.of(model, ALL);
        Map<String, List<ReportCharts.Distribution>> distributions = new LinkedHashMap<>();
        for (Map.Entry<Long, List<Object[]>> e : new TreeMap<>(ranked).entrySet()) {
            List<Object[]> top = e.getValue().stream().sorted((a, b) -> Double.compare((double) b[0], (double) a[0]))
                    .limit(DISTRIBUTIONS_PER_WINDOW).toList();
            List<ReportCharts.Distribution> shown = new ArrayList<>();
            for (Object[] t : top) {
                ColumnKey key = (ColumnKey) t[1];
                FeatureDriftRow row = (FeatureDriftRow) t[2];
                FeatureProfileRow current = byKey.get(List.of(row.modelVersion(), row.windowStart(), key.kind(), key.name()));
                ColumnProfile refColumn = ref == null ? null : ref.column(ProfileSet.Kind.valueOf(
                        key.kind().toUpperCase(java.util.Locale.ROOT)), key.name());
                ReportCharts.Distribution dist = distribution(key, row.modelVersion(), current, refColumn);
                if (dist != null) shown.add(dist);
            }
            distributions.put(day(e.getKey()), shown);
        }

        // data quality over time: missing and new-category rates of the columns that have any
        List<ReportCharts.ColumnSeries> missing = new ArrayList<>(), newCategories = new ArrayList<>();
        for (ColumnKey key : columns) {
            // the multivariate row's "missing" are records without every numeric feature: not a column's
            if (io.driftwatch.common.drift.PcaReconstruction.FEATURE.equals(key.name())) continue;
            List<double[]> m = new ArrayList<>(), n = new ArrayList<>();
            boolean anyMissing = false, anyNew = false;
            for (Map.Entry<Long, FeatureDriftRow> e : new TreeMap<>(cells.get(key)).entrySet()) {
                ColumnDrift d = e.getValue().d();
                m.add(new double[] {e.getKey(), d.missingRate()});
                n.add(new double[] {e.getKey(), d.newCategoryRate()});
                anyMissing |= d.missingRate() > 0;
                anyNew |= d.newCategoryRate() > 0;
            }
            if (anyMissing) missing.add(new ReportCharts.ColumnSeries(key.label(), round(m)));
            if (anyNew) newCategories.add(new ReportCharts.ColumnSeries(key.label(), round(n)));
        }
        return new DriftPart(heatmap, Math.max(220, 60 + 18 * columns.size()), distributions,
                new ReportCharts.Quality(id + "-missing", missing), new ReportCharts.Quality(id + "-new", newCategories));
    }

    /** Per version, CBPE's estimate of {@code k} ({@code F1} or {@code ROC_AUC}) and its band, as lines named "v estimated". */
    private static List<ReportCharts.Line> estimated(String model, Kpi k, List<RetrainingSignal> signals) {
        Map<String, List<double[]>> points = new TreeMap<>();
        Map<String, List<List<Object>>> bands = new TreeMap<>();
        for (RetrainingSignal s : signals) {
            if (!s.model().equals(model)) continue;
            Double v = k == Kpi.F1 ? s.estimatedF1() : s.estimatedRocAuc();
            Double lo = k == Kpi.F1 ? s.estimatedF1CiLow() : s.estimatedRocAucCiLow();
            Double hi = k == Kpi.F1 ? s.estimatedF1CiHigh() : s.estimatedRocAucCiHigh();
            if (v == null) continue;
            String name = s.modelVersion() + " estimated";
            points.computeIfAbsent(name, x -> new ArrayList<>()).add(new double[] {s.windowStart(), v});
            if (lo != null && hi != null) bands.computeIfAbsent(name, x -> new ArrayList<>()).add(List.of(s.windowStart(), round(lo), round(hi)));
        }
        List<ReportCharts.Line> out = new ArrayList<>();
        points.forEach((name, p) -> {
            p.sort(Comparator.comparingDouble(x -> x[0]));
            List<List<Object>> b = bands.getOrDefault(name, new ArrayList<>());
            b.sort(Comparator.comparingLong(x -> (Long) x.get(0)));
            out.add(new ReportCharts.Line(name, round(p), b));
        });
        return out;
    }

    /** Quantiles (numeric) or category shares (categorical) of one column, current and reference. */
    private static ReportCharts.Distribution distribution(ColumnKey key, String version, FeatureProfileRow current,
            ColumnProfile reference) {
        if (current == null) return null;
        if (current.quantiles() != null) {
            List<Double> ref = null;
            if (reference != null && reference.numericProfile() != null && reference.count() > 0) {
                double[] q = new double[current.quantiles().length];
                for (int i = 0; i < q.length; i++) q[i] = reference.numericProfile().quantile(i / (double) (q.length - 1));
                ref = round(q);
            }
            return new ReportCharts.Distribution(key.label(), version, "numeric", null, round(current.quantiles()), ref);
        }
        if (current.topValues() != null) {
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
            return new ReportCharts.Distribution(key.label(), version, "categorical", List.copyOf(categories),
                    categories.stream().map(k -> round(cur.getOrDefault(k, 0.0))).toList(), refShares.isEmpty() ? null
                            : categories.stream().map(k -> round(refShares.getOrDefault(k, 0.0))).toList());
        }
        return null;
    }

    // ---- runs and dead letters

    /** The audit trail and the dead letters over all runs, most frequent first. */
    private record RunsPart(List<ReportPage.Run> rows, List<ReportPage.DeadLetters> deadLetters) {}

    private static RunsPart runs(List<RunRow> runs) {
        List<ReportPage.Run> rows = new ArrayList<>();
        Map<String, Long> reasons = new TreeMap<>();
        for (RunRow r : runs.stream().sorted(Comparator.comparingLong(RunRow::startedAt)).toList()) {
            rows.add(new ReportPage.Run(r.runId(), r.command(), r.status() == null ? "" : r.status().value(), Timestamps.format(r.startedAt()),
                    (r.from() == null ? "…" : day(r.from())) + " – " + (r.to() == null ? "…" : day(r.to())),
                    r.recordsRead(), r.recordsValid(), r.recordsInvalid(), r.recordsLate(), r.labelsJoined(), r.kpiWindows(),
                    r.decisions() == null ? "" : String.join(", ", r.decisions().stream().map(v -> v.value() + " " + v.count()).toList()),
                    r.message() == null ? "" : r.message()));
            if (r.deadLetterReasons() != null) {
                for (Column.ValueCount v : r.deadLetterReasons()) reasons.merge(v.value(), v.count(), Long::sum);
            }
        }
        List<ReportPage.DeadLetters> dead = new ArrayList<>();
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> dead.add(new ReportPage.DeadLetters(e.getKey(), e.getValue())));
        return new RunsPart(rows, dead);
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
