package io.driftwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.common.model.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    @Test
    void readsTheSpecExample() {
        DriftwatchConfig c = ConfigLoader.parse("""
                window: 1d
                models:
                  fraud:
                    task: binary_classification
                    threshold: 0.5
                    features: {amount: numeric, country: categorical}
                    segments: [country]
                reference: {from: 2026-11-01, to: 2026-11-08}
                drift:
                  method: auto
                  bins: 10
                  thresholds: {psi: 0.2, jensen_shannon: 0.1, wasserstein_norm: 0.1, p_value: 0.05}
                  multiple_testing: benjamini_hochberg
                retraining: {max_accuracy_drop: 0.05, min_labels: 100}
                """);
        assertThat(c.window()).isEqualTo(io.driftwatch.common.window.WindowGrid.DAILY);
        assertThat(c.model("fraud").task()).isEqualTo(Task.BINARY_CLASSIFICATION);
        assertThat(c.model("fraud").segments()).containsExactly("country");
        assertThat(c.model("other")).isEqualTo(ModelConfig.DEFAULT);
        assertThat(c.reference().from()).isEqualTo("2026-11-01");
        assertThat(c.drift().thresholds()).containsEntry("psi", 0.2);
        assertThat(c.retraining().minLabels()).isEqualTo(100);
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("windw: 1d")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("windw: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("window: soon")).hasMessageStartingWith("window: 'soon' is not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse("models:\n  m:\n    threshold: high"))
                .hasMessage("models.m.threshold: must be a number, not 'high'");
        assertThatThrownBy(() -> ConfigLoader.parse("models:\n  m:\n    task: ranking"))
                .hasMessageStartingWith("models.m.task: 'ranking' is not one of");
        assertThatThrownBy(() -> ConfigLoader.parse("drift:\n  thresholds: {psii: 1}"))
                .hasMessageStartingWith("drift.thresholds.psii: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("models: [a]")).hasMessage("models: must be a mapping, not a list");
        assertThatThrownBy(() -> ConfigLoader.parse("drift: {features: {amount: {method: ttest}}}"))
                .hasMessageStartingWith("drift.features.amount.method: 'ttest' is not one of");
        assertThatThrownBy(() -> ConfigLoader.parse("models: {m: {drift: {enabled: false}}}"))
                .hasMessageStartingWith("models.m.drift.enabled: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("models: {m: {drift: {thresholds: {psi: -1}}}}"))
                .hasMessage("models.m.drift.thresholds.psi: must be a number >= 0");
        assertThatThrownBy(() -> ConfigLoader.parse("drift: {enabled: maybe}")).hasMessage("drift.enabled: must be true or false");
        assertThatThrownBy(() -> ConfigLoader.parse("a: [")).hasMessageStartingWith("config: not valid YAML at line");
        assertThatThrownBy(() -> ConfigLoader.parse("retraining: {anomalies: {kpis: [accuracy, latency_p95]}}"))
                .hasMessageStartingWith("retraining.anomalies.kpis[1]: unknown KPI 'latency_p95' (expected a numeric column of kpi_windows:");
        assertThatThrownBy(() -> ConfigLoader.parse("retraining: {anomalies: {seasonality: hourly}}"))
                .hasMessage("retraining.anomalies.seasonality: 'hourly' is not one of auto, none, day, week");
        assertThatThrownBy(() -> ConfigLoader.parse("retraining: {feature_weights: {tenure: heavy}}"))
                .hasMessage("retraining.feature_weights.tenure: must be a number, not 'heavy'");
        assertThatThrownBy(() -> ConfigLoader.parse("retraining: {max_drift_share: 2}"))
                .hasMessage("retraining.max_drift_share: must be in (0, 1], not 2.0");
        assertThatThrownBy(() -> ConfigLoader.parse("retraining: {anomalies: {min_baseline_windows: 9}}"))
                .hasMessageStartingWith("retraining.anomalies.min_baseline_windows: must be between 2 and retraining.baseline_windows (7)");
    }

    @Test
    void readsTheRetrainingSection() {
        var r = ConfigLoader.parse("""
                retraining:
                  max_accuracy_drop: 0.1
                  min_labels: 50
                  labels_override_drift: false
                  feature_weights: {tenure: 3, plan: 0.5}
                  anomalies: {kpis: [accuracy, latency_ms_p99], min_predictions: 20, seasonality: week}
                """).retraining();
        assertThat(r.maxAccuracyDrop()).isEqualTo(0.1);
        assertThat(r.labelsOverrideDrift()).isFalse();
        assertThat(r.featureWeights()).containsEntry("tenure", 3.0).containsEntry("plan", 0.5);
        assertThat(r.anomalies().kpis()).containsExactly(io.driftwatch.common.kpi.Kpi.ACCURACY,
                io.driftwatch.common.kpi.Kpi.LATENCY_MS_P99);
        assertThat(r.anomalyRule(true).minCount()).isEqualTo(50);
        assertThat(r.anomalyRule(false).minCount()).isEqualTo(20);
        assertThat(r.anomalies().seasonality()).isEqualTo(DriftwatchConfig.Seasonality.WEEK);
        assertThat(ConfigLoader.parse("window: 1d").retraining().anomalies().kpis()).extracting(k -> k.column())
                .containsExactly("error_rate", "throughput_per_s", "latency_ms_p95", "accuracy", "f1", "roc_auc",
                        "ece", "estimated_accuracy", "mae", "rmse", "mean_prediction", "cpu_pct_mean", "memory_mb_mean");
    }

    @Test
    void modelAndFeatureDriftSettingsOverrideTheTopLevel() {
        DriftwatchConfig c = ConfigLoader.parse("""
                drift: {method: psi, thresholds: {psi: 0.3}, multiple_testing: bonferroni}
                models:
                  m:
                    drift: {thresholds: {p_value: 0.01}, features: {amount: {method: ks}, country: {threshold: 0.2}}}
                  other: {task: regression}
                """);
        DriftwatchConfig.DriftConfig m = c.driftOf("m");
        assertThat(m.method()).isEqualTo(DriftwatchConfig.MethodChoice.PSI); // inherited
        assertThat(m.multipleTesting()).isEqualTo(DriftwatchConfig.MultipleTesting.BONFERRONI);
        assertThat(m.thresholdOf("x", "psi")).isEqualTo(0.3);
        assertThat(m.thresholdOf("x", "p_value")).isEqualTo(0.01);
        assertThat(m.methodOf("amount")).isEqualTo(DriftwatchConfig.MethodChoice.KS);
        assertThat(m.thresholdOf("country", "jensen_shannon")).isEqualTo(0.2);
        assertThat(c.driftOf("other").thresholdOf("x", "p_value")).isEqualTo(0.05);
        assertThat(c.driftOf("unknown_model").method()).isEqualTo(DriftwatchConfig.MethodChoice.PSI);
    }

    @Test
    void durations() {
        assertThat(Durations.parse("15m", "x")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("1w", "x")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThatThrownBy(() -> Durations.parsePositive("0s", "--window")).hasMessage("--window: must be longer than 0");
    }

    @Test
    void readsTheInputSections() {
        DriftwatchConfig c = ConfigLoader.parse("""
                columns:
                  timestamp: req.received
                  resources: {cpu_pct: host_stats.cpu, memory_mb: mem}
                label_columns: {prediction_id: id, timestamp: ts, label: outcome}
                input: {timezone: Europe/Oslo, timestamp_unit: us, timestamp_format: 'dd/MM/yyyy HH:mm'}
                status: {success: [ok, 2xx, 304]}
                features: {include: ['x*'], exclude: [x_id]}
                """);
        assertThat(c.input()).isEqualTo(new InputConfig("Europe/Oslo", InputConfig.TimestampUnit.MICROS, "dd/MM/yyyy HH:mm"));
        assertThat(c.columns().resourcePath("cpu_pct")).contains("host_stats.cpu");
        assertThat(c.columns().resourcePath("gpu_pct")).isEmpty();
        assertThat(c.columns().topLevelFields()).contains("req", "host_stats", "mem", "gpu_pct");
        assertThat(c.labelPathOf("label")).isEqualTo("outcome");
        assertThat(c.labelPathOf("timestamp")).isEqualTo("ts");
        assertThat(c.status().entries()).containsExactly("ok", "2xx", "304");
        assertThat(c.features().accepts("x1")).isTrue();
        assertThat(c.features().accepts("x_id")).isFalse();
        assertThat(c.features().accepts("age")).isFalse();
        // label fields not given are where columns: says
        assertThat(ConfigLoader.parse("columns: {prediction_id: rid}").labelPathOf("prediction_id")).isEqualTo("rid");
        assertThat(ConfigLoader.parse("").input()).isEqualTo(InputConfig.DEFAULT);
    }

    @Test
    void inputMistakesNameTheKey() {
        String[][] cases = {
            {"input: {timezone: Mars/Olympus}", "input.timezone: 'Mars/Olympus' is not a time zone"},
            {"input: {timestamp_unit: fortnights}", "input.timestamp_unit: 'fortnights' is not one of auto, s, ms, us, ns"},
            {"input: {timestamp_format: 'dd/MM/yyyy {'}", "input.timestamp_format: 'dd/MM/yyyy {' is not a DateTimeFormatter pattern"},
            {"input: {tz: UTC}", "input.tz: unknown key"},
            {"status: {success: []}", "status.success: must list at least one value"},
            {"status: {success: ['300-200']}", "status.success: the range '300-200' ends before it starts"},
            {"status: {ok: [200]}", "status.ok: unknown key"},
            {"label_columns: {labl: outcome}", "label_columns.labl: unknown key"},
            {"label_columns: {label: ''}", "label_columns.label: '' is not a field name or dotted path"},
            {"columns: {resources: {cpu: host.cpu}}", "columns.resources.cpu: unknown key"},
            {"features: {include: [x], exlude: [y]}", "features.exlude: unknown key"},
            {"features: {exclude: ['']}", "features.exclude[0]: must not be empty"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ConfigLoader.parse(c[0])).as(c[0]).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(c[1]);
        }
    }

    @Test
    void bindingMistakesNameTheKeyAndWhatWasExpected() {
        String[][] cases = {
            {"input: {timzone: UTC}", "input.timzone: unknown key; did you mean timezone? (expected one of earliest_timestamp,"},
            {"retraining: {anomalies: {seasonalty: day}}", "retraining.anomalies.seasonalty: unknown key; did you mean seasonality?"},
            {"output: {compression: lz4}", "output.compression: 'lz4' is not one of snappy, zstd, none"},
            {"drift: {multiple_testing: holm}", "drift.multiple_testing: 'holm' is not one of benjamini_hochberg, bonferroni, none"},
            {"retraining: {within_noise: page}", "retraining.within_noise: 'page' is not one of ok, investigate"},
            {"models: {m: {features: {x: text}}}", "models.m.features.x: 'text' is not one of numeric, categorical"},
            {"retraining: {min_labels: many}", "retraining.min_labels: must be a non-negative integer, not 'many'"},
            {"retraining: {min_labels: -3}", "retraining.min_labels: must be a non-negative integer, not the number -3"},
            {"drift: {bins: 2.5}", "drift.bins: must be a non-negative integer, not the number 2.5"},
            {"models: {m: {threshold: '0.5'}}", "models.m.threshold: must be a number, not '0.5'"},
            {"labels: [wait, 1h]", "labels: must be a mapping, not a list"},
            {"retraining: {anomalies: {kpis: {a: 1}}}", "retraining.anomalies.kpis: must be a list, not a mapping"},
            {"drift: {calibrate: 'yes'}", "drift.calibrate: must be true or false"},
            {"columns: {model: {a: b}}", "columns.model: must be a string, not a mapping"},
            // empty entries (found by the config fuzz target: a NullPointerException before)
            {"models: {m: {segments: [null]}}", "models.m.segments[0]: must be a string, not empty"},
            {"status: {success: [ok, ~]}", "status.success[1]: must be a string, not empty"},
            {"retraining: {feature_weights: {x: ~}}", "retraining.feature_weights.x: must be a number, not empty"},
            {"retraining: {anomalies: {kpis: [~]}}", "retraining.anomalies.kpis[0]: must be a string, not empty"},
            // numbers longer than a long (a NumberFormatException's message before; window: found by the config fuzz target)
            {"status: {success: ['200-99999999999999999999']}", "status.success: '200-99999999999999999999' has more digits than a status code holds"},
            {"window: 99999999999999999999mo", "window: '99999999999999999999mo': months per window must divide 12"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ConfigLoader.parse(c[0])).as(c[0]).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(c[1]);
        }
        // a single value where a list is asked is a list of one; an enum in any case
        assertThat(ConfigLoader.parse("features: {include: amount}").features().accepts("amount")).isTrue();
        assertThat(ConfigLoader.parse("output: {compression: ZSTD}").compression()).isEqualTo(DriftwatchConfig.Compression.ZSTD);
        assertThat(ConfigLoader.parse("labels: {wait: 2h}").labelWait()).isEqualTo(Duration.ofHours(2));
    }
}
