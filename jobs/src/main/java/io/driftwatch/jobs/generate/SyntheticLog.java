package io.driftwatch.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.parquet.TableSchema;
import io.driftwatch.jobs.source.InputFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import io.driftwatch.jobs.parquet.StreamOutput;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes a synthetic prediction log, deterministic for a seed, with problems planted on purpose:
 * feature and concept drift from a day on, a latency spike, an error burst, malformed records and
 * labels that arrive days late in a separate file.
 *
 * <p>Models cycle through three tasks: {@code fraud_detector} (binary classification),
 * {@code demand_forecast} (regression), {@code intent_classifier} (multiclass). Features: {@code
 * country} and {@code device} (categorical), then numeric {@code x1..x<n-2>}. Drift shifts
 * {@code x1} and {@code x2} by 1.5 standard deviations, moves traffic to {@code country=BR} and
 * changes the true relationship (so accuracy drops).
 */
public final class SyntheticLog {
    static final String[] MODEL_NAMES = {"fraud_detector", "demand_forecast", "intent_classifier"};
    static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "ES"};
    static final String[] DEVICES = {"ios", "android", "web"};
    static final String[] INTENTS = {"billing", "support", "sales", "other"};
    private static final long DAY = 86_400_000L;

    /**
     * A subtle change (issue 20), planted from {@code changeDay} on (several may be planted at once), each the size a monitor should
     * find without crying wolf: {@code shift} moves {@code x3} by 0.3 standard deviations;
     * {@code new_category} sends 2 % of {@code device} values to an unseen {@code tv}; {@code quality}
     * flips 1 in 6 binary labels and lowers the multiclass hit rate from 0.8 to 0.7 (about −10 points
     * of accuracy, inputs and scores unchanged) and adds label noise that raises RMSE by about 20 %;
     * {@code latency} multiplies latencies by 1.2 (+20 % p95); {@code errors} raises the error rate
     * from 0.5 % to 2 %; {@code traffic} drops 30 % of the predictions; {@code small_shift} moves
     * {@code x4} by 0.1 standard deviations, below what one hourly window can show, so only the evidence
     * over time finds it.
     */
    public enum Change { NONE, SHIFT, NEW_CATEGORY, QUALITY, LATENCY, ERRORS, TRAFFIC, SMALL_SHIFT;

        /** The change named as on the command line ({@code new_category}). */
        public static Change of(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * What to generate. Day numbers count from 0 at {@code start}; -1 disables a problem.
     *
     * @param dailyCycle whether traffic follows a daily cycle (peak at 12:00 UTC, a tenth of it at night)
     * @param merchants categories of a high-cardinality feature {@code merchant} (Zipf, s = 1.1), 0: none
     */
    public record Spec(
            long rows, int days, int models, long seed, int features, LocalDate start, int driftDay,
            int latencySpikeDay, int errorBurstDay, double badRatio, double inlineLabelRatio,
            double lateLabelRatio, java.util.Set<Change> changes, int changeDay, boolean dailyCycle, int merchants) {

        /** Without a subtle change, with flat traffic. */
        public Spec(long rows, int days, int models, long seed, int features, LocalDate start, int driftDay,
                int latencySpikeDay, int errorBurstDay, double badRatio, double inlineLabelRatio, double lateLabelRatio) {
            this(rows, days, models, seed, features, start, driftDay, latencySpikeDay, errorBurstDay, badRatio,
                    inlineLabelRatio, lateLabelRatio, java.util.Set.of(), -1, false, 0);
        }
    }

    /** Counts of what was written, for the summary. */
    public record Written(long predictions, long malformed, long inlineLabels, long lateLabels) {}

    private SyntheticLog() {}

    /**
     * Writes the log to {@code output} (format from its name; {@code .gz} compresses) and, when
     * {@code labelsOutput} is not null, late labels as JSON Lines there.
     */
    public static Written write(Spec spec, Path output, Path labelsOutput) throws IOException {
        if (output.getParent() != null) Files.createDirectories(output.getParent());
        if (labelsOutput != null && labelsOutput.getParent() != null) Files.createDirectories(labelsOutput.getParent());
        InputFormat format = InputFormat.of(output.getFileName().toString());
        try (Sink sink = format == InputFormat.PARQUET ? new ParquetSink(output, spec)
                : new TextSink(output, format == InputFormat.CSV, spec);
                Writer labels = labelsOutput == null ? null : textWriter(labelsOutput)) {
            return generate(spec, sink, labels);
        }
    }

    private static Written generate(Spec spec, Sink sink, Writer labels) throws IOException {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        SplittableRandom planted = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
        double[] zipf = spec.merchants() > 0 ? zipfCdf(spec.merchants(), 1.1) : null;
        long start = spec.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        double step = (double) spec.days() * DAY / spec.rows();
        int numeric = Math.max(0, spec.features() - 2);
        JsonFactory json = new JsonFactory();
        long malformed = 0, inline = 0, late = 0, skipped = 0;
        long badEvery = spec.badRatio() > 0 ? Math.max(1, Math.round(1 / spec.badRatio())) : 0;
        for (long i = 0; i < spec.rows(); i++) {
            long ts = start + (long) (i * step) + rnd.nextLong(Math.max(1, (long) step));
            int day = (int) ((ts - start) / DAY);
            boolean drift = spec.driftDay() >= 0 && day >= spec.driftDay();
            java.util.Set<Change> on = spec.changeDay() >= 0 && day >= spec.changeDay() ? spec.changes() : java.util.Set.of();
            // from a stream of their own, drawn for every record: the main stream (and so every record that is
            // kept) is the same with and without a change, so a changed log differs from the stable one only by it
            double keep = planted.nextDouble(), subtle = planted.nextDouble(), newCategory = planted.nextDouble();
            double subtleNoise = gaussian(planted);
            double hourOfDay = ((ts - start) % DAY) / 3_600_000.0;
            double traffic = spec.dailyCycle() ? 0.55 + 0.45 * Math.sin(2 * Math.PI * (hourOfDay - 6) / 24) : 1;
            if (on.contains(Change.TRAFFIC)) traffic *= 0.7;
            boolean dropped = keep >= traffic;
            int m = (int) (i % spec.models());
            String model = m < MODEL_NAMES.length ? MODEL_NAMES[m] : "model_" + m;
            int task = m % 3;
            String id = "p-" + spec.seed() + "-" + i;

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("prediction_id", id);
            r.put("timestamp", java.time.Instant.ofEpochMilli(ts).toString());
            r.put("model", model);
            r.put("model_version", day < spec.days() / 2 + 1 ? "v1" : "v2");
            Map<String, Object> features = new LinkedHashMap<>();
            String country = drift && rnd.nextDouble() < 0.4 ? "BR" : COUNTRIES[rnd.nextInt(COUNTRIES.length)];
            features.put("country", country);
            features.put("device", DEVICES[rnd.nextInt(DEVICES.length)]);
            double[] x = new double[numeric];
            for (int k = 0; k < numeric; k++) {
                x[k] = gaussian(rnd) + ((drift && k < 2) ? 1.5 : 0);
                features.put("x" + (k + 1), Math.round(x[k] * 10000) / 10000.0);
            }
            if (spec.features() >= 1 && rnd.nextDouble() < 0.01) features.put("device", null);
            if (on.contains(Change.NEW_CATEGORY) && newCategory < 0.02) features.put("device", "tv");
            if (zipf != null) {
                int k = java.util.Arrays.binarySearch(zipf, planted.nextDouble());
                features.put("merchant", "m" + (k >= 0 ? k : -k - 1));
            }
            if (on.contains(Change.SHIFT) && numeric > 2) features.put("x3", Math.round((x[2] + 0.3) * 10000) / 10000.0);
            if (on.contains(Change.SMALL_SHIFT) && numeric > 3) features.put("x4", Math.round((x[3] + 0.1) * 10000) / 10000.0);
            r.put("features", features);
            double signal = (numeric > 0 ? x[0] : 0) - 0.5 * (numeric > 1 ? x[1] : 0) + (country.equals("US") ? 0.5 : 0);
            double truth = drift ? -0.8 * signal + 0.3 * gaussian(rnd) : signal + 0.3 * gaussian(rnd);
            Object prediction;
            Object label;
            switch (task) {
                case 0 -> {
                    double score = 1 / (1 + Math.exp(-1.5 * signal));
                    prediction = Math.round(score * 1e6) / 1e6;
                    int y = rnd.nextDouble() < 1 / (1 + Math.exp(-3 * truth)) ? 1 : 0;
                    label = on.contains(Change.QUALITY) && subtle < 1 / 6.0 ? 1 - y : y;
                }
                case 1 -> {
                    prediction = Math.round((100 + 20 * signal) * 1000) / 1000.0;
                    double extra = on.contains(Change.QUALITY) ? 5.2 * subtleNoise : 0;
                    label = Math.round((100 + 20 * truth + 5 * gaussian(rnd) + extra) * 1000) / 1000.0;
                }
                default -> {
                    prediction = INTENTS[Math.floorMod((int) Math.floor(signal + 2), INTENTS.length)];
                    double hit = drift ? 0.4 : on.contains(Change.QUALITY) ? 0.7 : 0.8;
                    label = rnd.nextDouble() < hit ? prediction : INTENTS[rnd.nextInt(INTENTS.length)];
                }
            }
            r.put("prediction", prediction);
            double labelDraw = rnd.nextDouble();
            if (labelDraw < spec.inlineLabelRatio()) {
                r.put("label", label);
                if (!dropped) inline++;
            } else if (labels != null && !dropped && labelDraw < spec.inlineLabelRatio() + spec.lateLabelRatio()) {
                long labelTs = ts + 3_600_000L + rnd.nextLong(3 * DAY);
                StringWriter w = new StringWriter();
                try (JsonGenerator g = json.createGenerator(w)) {
                    g.writeStartObject();
                    g.writeStringField("prediction_id", id);
                    g.writeStringField("timestamp", java.time.Instant.ofEpochMilli(labelTs).toString());
                    g.writeObjectField("label", label);
                    g.writeEndObject();
                }
                labels.write(w.toString());
                labels.write('\n');
                late++;
            }
            double latency = Math.exp(3.0 + 0.4 * gaussian(rnd)) * (day == spec.latencySpikeDay() ? 5 : 1)
                    * (on.contains(Change.LATENCY) ? 1.2 : 1);
            r.put("latency_ms", Math.round(latency * 100) / 100.0);
            boolean error = rnd.nextDouble() < (day == spec.errorBurstDay() ? 0.15 : on.contains(Change.ERRORS) ? 0.02 : 0.005);
            r.put("status", error ? "error" : "ok");
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("cpu_pct", Math.round((40 + 5 * gaussian(rnd)) * 10) / 10.0);
            res.put("memory_mb", Math.round(1500 + 50 * gaussian(rnd)));
            r.put("resources", res);

            if (dropped) {
                skipped++;
                continue;
            }
            if (badEvery > 0 && i % badEvery == badEvery / 2) {
                malformed++;
                sink.writeMalformed(r, (int) (malformed % 6));
            } else {
                sink.write(r);
            }
        }
        return new Written(spec.rows() - skipped, malformed, inline, late);
    }

    /** The cumulative shares of Zipf's law over {@code n} ranks with exponent {@code s}. */
    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) cdf[i] = total += Math.pow(i + 1, -s);
        for (int i = 0; i < n; i++) cdf[i] /= total;
        return cdf;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static Writer textWriter(Path p) throws IOException {
        OutputStream out = Files.newOutputStream(p);
        if (p.getFileName().toString().endsWith(".gz")) out = new GZIPOutputStream(out, 1 << 16);
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private interface Sink extends AutoCloseable {
        void write(Map<String, Object> record) throws IOException;

        /** Writes a broken version of the record; {@code kind} picks how it is broken. */
        void writeMalformed(Map<String, Object> record, int kind) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** JSON Lines or CSV (features as flat columns). */
    private static final class TextSink implements Sink {
        private final Writer out;
        private final boolean csv;
        private final JsonFactory json = new JsonFactory();
        private final List<String> featureNames = new ArrayList<>();

        TextSink(Path path, boolean csv, Spec spec) throws IOException {
            this.out = textWriter(path);
            this.csv = csv;
            featureNames.add("country");
            featureNames.add("device");
            for (int k = 1; k <= spec.features() - 2; k++) featureNames.add("x" + k);
            if (spec.merchants() > 0) featureNames.add("merchant");
            if (csv) {
                out.write("prediction_id,timestamp,model,model_version,prediction,label,latency_ms,status,cpu_pct,memory_mb");
                for (String f : featureNames) out.write("," + f);
                out.write('\n');
            }
        }

        @Override
        public void write(Map<String, Object> r) throws IOException {
            if (csv) writeCsv(r);
            else writeJson(r);
        }

        @Override
        public void writeMalformed(Map<String, Object> r, int kind) throws IOException {
            switch (kind) {
                case 0 -> { // truncated line
                    StringWriter w = new StringWriter();
                    Writer saved = w;
                    if (csv) { out.write("p-broken,2026-11-01T00:00:00Z,\"unterminated\n"); return; }
                    try (JsonGenerator g = json.createGenerator(saved)) { writeObject(g, r); }
                    out.write(w.toString(), 0, w.toString().length() / 2);
                    out.write('\n');
                }
                case 1 -> { r.remove("model"); if (csv) { r.put("model", ""); } write(r); }
                case 2 -> { r.put("timestamp", "yesterday at noon"); write(r); }
                case 3 -> { r.put("latency_ms", -5.0); write(r); }
                case 4 -> { r.remove("prediction"); if (csv) { r.put("prediction", ""); } write(r); }
                default -> { r.put("latency_ms", "fast"); write(r); }
            }
        }

        private void writeJson(Map<String, Object> r) throws IOException {
            StringWriter w = new StringWriter(512);
            try (JsonGenerator g = json.createGenerator(w)) {
                writeObject(g, r);
            }
            out.write(w.toString());
            out.write('\n');
        }

        @SuppressWarnings("unchecked")
        private void writeCsv(Map<String, Object> r) throws IOException {
            Map<String, Object> res = (Map<String, Object>) r.get("resources");
            Map<String, Object> f = (Map<String, Object>) r.get("features");
            StringBuilder b = new StringBuilder(256);
            for (String k : new String[] {"prediction_id", "timestamp", "model", "model_version", "prediction", "label",
                    "latency_ms", "status"}) {
                cell(b, r.get(k));
                b.append(',');
            }
            cell(b, res.get("cpu_pct"));
            b.append(',');
            cell(b, res.get("memory_mb"));
            for (String name : featureNames) {
                b.append(',');
                cell(b, f.get(name));
            }
            out.write(b.append('\n').toString());
        }

        private static void cell(StringBuilder b, Object v) {
            if (v == null) return;
            String s = v.toString();
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0) b.append('"').append(s.replace("\"", "\"\"")).append('"');
            else b.append(s);
        }

        @SuppressWarnings("unchecked")
        private static void writeObject(JsonGenerator g, Map<String, Object> m) throws IOException {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = e.getValue();
                g.writeFieldName(e.getKey());
                if (v instanceof Map<?, ?> child) writeObject(g, (Map<String, Object>) child);
                else g.writeObject(v);
            }
            g.writeEndObject();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Flat Parquet: canonical columns plus one column per feature. */
    private static final class ParquetSink implements Sink {
        private final ParquetWriter<Map<String, Object>> writer;

        @SuppressWarnings("unchecked")
        ParquetSink(Path path, Spec spec) throws IOException {
            List<Column<Map<String, Object>>> cols = new ArrayList<>();
            cols.add(Column.string("prediction_id", r -> r.get("prediction_id")));
            cols.add(Column.timestamp("timestamp", r -> r.get("timestamp_ms")));
            cols.add(Column.string("model", r -> r.get("model")));
            cols.add(Column.string("model_version", r -> r.get("model_version")));
            boolean textPredictions = spec.models() >= 3;
            if (textPredictions) {
                cols.add(Column.string("prediction", r -> r.get("prediction") == null ? null : r.get("prediction").toString()));
                cols.add(Column.string("label", r -> r.get("label") == null ? null : r.get("label").toString()));
            } else {
                cols.add(Column.float64("prediction", r -> r.get("prediction")));
                cols.add(Column.float64("label", r -> r.get("label")));
            }
            cols.add(Column.float64("latency_ms", r -> r.get("latency_ms") instanceof Number n ? n : null));
            cols.add(Column.string("status", r -> r.get("status")));
            cols.add(Column.float64("cpu_pct", r -> ((Map<String, Object>) r.get("resources")).get("cpu_pct")));
            cols.add(Column.float64("memory_mb", r -> ((Map<String, Object>) r.get("resources")).get("memory_mb")));
            cols.add(Column.string("country", r -> ((Map<String, Object>) r.get("features")).get("country")));
            cols.add(Column.string("device", r -> ((Map<String, Object>) r.get("features")).get("device")));
            for (int k = 1; k <= spec.features() - 2; k++) {
                String name = "x" + k;
                cols.add(Column.float64(name, r -> ((Map<String, Object>) r.get("features")).get(name)));
            }
            if (spec.merchants() > 0) {
                cols.add(Column.string("merchant", r -> ((Map<String, Object>) r.get("features")).get("merchant")));
            }
            TableSchema<Map<String, Object>> schema = new TableSchema<>("predictions", cols, r -> r.get("model"), r -> 0L);
            writer = ParquetTables.open(new StreamOutput(new org.apache.flink.core.fs.local.LocalDataOutputStream(path.toFile())),
                    schema, ParquetTables.codec(Compression.SNAPPY));
        }

        @Override
        public void write(Map<String, Object> r) throws IOException {
            r.put("timestamp_ms", java.time.Instant.parse((String) r.get("timestamp")).toEpochMilli());
            if (r.get("prediction") instanceof Integer i) r.put("prediction", i.doubleValue());
            if (r.get("label") instanceof Integer i) r.put("label", i.doubleValue());
            writer.write(r);
        }

        @Override
        public void writeMalformed(Map<String, Object> r, int kind) throws IOException {
            // Parquet is typed: only value-level problems can be planted
            if (kind % 2 == 0) r.put("latency_ms", -5.0);
            else r.put("model", null);
            write(r);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
