package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.source.RawRecord;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.FairnessRow;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.jobs.tables.LabelCarryRow;
import io.driftwatch.jobs.tables.LateEventRow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The body of the analyze job, stream to stream, shared by batch (files) and streaming (Kafka, a
 * watched directory): parse → join late labels by prediction id → pre-aggregate KPI states per
 * (model, version, segment, window) in each subtask → key by (model, version, segment) → tumbling
 * event-time windows merging the partial states. Bad records leave through {@link #DEAD_LETTERS}
 * at every step that can find them.
 */
public final class AnalyzePipeline {
    /** Unusable records, with the reason; written to {@code dead_letter}. */
    public static final OutputTag<DeadLetterRow> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetterRow.class));

    /** Counts of the run (records read, labels joined, ...), summed per subtask; for the {@code runs} row. */
    public static final OutputTag<RunCount> COUNTS =
            new OutputTag<>("run-counts", TypeInformation.of(RunCount.class));

    /** Records and labels that came after their window was emitted (streaming); written to {@code late_events}. */
    /**
     * Ids of predictions read outside the range, for the label join: a label of one is counted
     * {@code labels_out_of_range}, not unmatched (the id is right; the range leaves it out).
     */
    static final OutputTag<LabelRecord> PREDICTIONS_OUT_OF_RANGE =
            new OutputTag<>("predictions-out-of-range", PipelineTypes.LABEL_RECORD);

    /** Predictions kept for the next scheduled run, with the label joined so far ({@link LabelCarry}). */
    static final OutputTag<LabelCarryRow> LABEL_CARRY =
            new OutputTag<>("label-carry", PipelineTypes.LABEL_CARRY_ROW);

    public static final OutputTag<LateEventRow> LATE_EVENTS =
            new OutputTag<>("late-events", TypeInformation.of(LateEventRow.class));

    /** Partial window states that reached their window after it fired (should not happen; never dropped silently). */
    static final OutputTag<WindowPartial> LATE_PARTIALS =
            new OutputTag<>("late-partials", TypeInformation.of(WindowPartial.class));

    /** Column profiles of each window; written to {@code feature_profiles}. */
    public static final OutputTag<FeatureProfileRow> PROFILES =
            new OutputTag<>("feature-profiles", TypeInformation.of(FeatureProfileRow.class));

    /** Drift of each window's columns against the reference; written to {@code feature_drift}. */
    public static final OutputTag<FeatureDriftRow> DRIFT =
            new OutputTag<>("feature-drift", TypeInformation.of(FeatureDriftRow.class));

    /** Each window's groups of the sensitive attributes; written to {@code fairness}. */
    public static final OutputTag<FairnessRow> FAIRNESS =
            new OutputTag<>("fairness", TypeInformation.of(FairnessRow.class));

    /** Each window's whole profile set, for drift against a reference built in the same job. */
    public static final OutputTag<WindowProfiles> WINDOW_PROFILES =
            new OutputTag<>("window-profiles", TypeInformation.of(WindowProfiles.class));

    private AnalyzePipeline() {}

    /**
     * The streams the body produces; {@code referenceKpiWindows}/{@code referenceProfiles} are the
     * reference period's rows when the job profiles it ({@link AnalyzeSettings#referencePeriod}), else null.
     */
    public record Outputs(
            DataStream<KpiWindowRow> kpiWindows, DataStream<FeatureProfileRow> featureProfiles,
            DataStream<FeatureDriftRow> featureDrift, DataStream<DeadLetterRow> deadLetters,
            DataStream<RunCount> counts, DataStream<KpiWindowRow> referenceKpiWindows,
            DataStream<FeatureProfileRow> referenceProfiles, DataStream<LateEventRow> lateEvents,
            DataStream<FairnessRow> fairness, DataStream<LabelCarryRow> labelCarry) {

        /** The outputs without predictions kept for the next run. */
        public Outputs(DataStream<KpiWindowRow> kpiWindows, DataStream<FeatureProfileRow> featureProfiles,
                DataStream<FeatureDriftRow> featureDrift, DataStream<DeadLetterRow> deadLetters,
                DataStream<RunCount> counts, DataStream<KpiWindowRow> referenceKpiWindows,
                DataStream<FeatureProfileRow> referenceProfiles, DataStream<LateEventRow> lateEvents,
                DataStream<FairnessRow> fairness) {
            this(kpiWindows, featureProfiles, featureDrift, deadLetters, counts, referenceKpiWindows, referenceProfiles,
                    lateEvents, fairness, null);
        }
    }

    /**
     * Builds the body.
     *
     * @param predictions raw prediction records
     * @param labels raw label records, or null when labels come only inline
     */
    public static Outputs build(DataStream<RawRecord> predictions, DataStream<RawRecord> labels, AnalyzeSettings s) {
        return build(predictions, labels, null, null, s);
    }

    /**
     * Builds the body with the windows before {@code s.freshFrom()} carried from the last run
     * ({@link LabelCarry}).
     *
     * @param kept the predictions the last run kept ({@code label_carry}) with the labels it had joined to
     *     them, joined to this run's labels by {@link JoinKeptLabels}; or null
     * @param carriedProfiles the feature profiles of those windows, one partial per key and window, or null
     */
    public static Outputs build(DataStream<RawRecord> predictions, DataStream<RawRecord> labels,
            JoinKeptLabels.Kept kept, DataStream<WindowPartial> carriedProfiles, AnalyzeSettings s) {
        return build(predictions, labels, kept, carriedProfiles, false, s);
    }

    /**
     * Builds the body, its label join in memory when {@code joinInMemory} (batch without a reference
     * period in the job): {@link JoinKeptLabels} holds every prediction with an id and every label, kept or
     * new, and there is no sorted join. For runs whose input fits in memory (the caller decides).
     */
    public static Outputs build(DataStream<RawRecord> predictions, DataStream<RawRecord> labels,
            JoinKeptLabels.Kept kept, DataStream<WindowPartial> carriedProfiles, boolean joinInMemory, AnalyzeSettings s) {
        RecordParser parser = s.parser();
        DataStream<DeadLetterRow> eventDeadLetters = null;
        DataStream<RunCount> eventCounts = null;
        if (s.config().input().format().pairsEvents()) {
            // a request and its response are two events: paired by id before they are predictions
            SingleOutputStreamOperator<PlatformEvent> events = predictions
                    .transform("read-events", TypeInformation.of(PlatformEvent.class),
                            new CountingProcessOperator<>(new ReadEvents(parser)))
                    .uid("read-events");
            SingleOutputStreamOperator<RawRecord> pairs = events
                    .keyBy(PlatformEvent::id)
                    .process(new PairEvents(s.config().input().pairingWaitMillis()), TypeInformation.of(RawRecord.class))
                    .name("pair-events").uid("pair-events");
            eventDeadLetters = events.getSideOutput(DEAD_LETTERS).union(pairs.getSideOutput(DEAD_LETTERS));
            eventCounts = events.getSideOutput(COUNTS).union(pairs.getSideOutput(COUNTS)
                    .transform("sum-pairing-counts", TypeInformation.of(RunCount.class), new SumCounts())
                    .uid("sum-pairing-counts"));
            DataStream<RawRecord> feedback = events.getSideOutput(ReadEvents.FEEDBACK);
            if (s.config().input().format() == io.driftwatch.common.config.InputConfig.Format.SELDON) {
                labels = labels == null ? feedback : labels.union(feedback);
            }
            predictions = pairs;
        }

        SingleOutputStreamOperator<Observation> parsed = predictions
                .transform("parse-predictions", PipelineTypes.OBSERVATION,
                        new CountingProcessOperator<>(new ParseRecords(parser, s.freshFrom(), s.to(), s.referencePeriod(),
                                s.streaming() ? s : null, labels != null || kept != null)))
                .uid("parse-predictions");
        DataStream<DeadLetterRow> deadLetters = parsed.getSideOutput(DEAD_LETTERS);
        DataStream<RunCount> counts = parsed.getSideOutput(COUNTS);
        if (eventDeadLetters != null) {
            deadLetters = deadLetters.union(eventDeadLetters);
            counts = counts.union(eventCounts);
        }
        DataStream<LateEventRow> late = parsed.getSideOutput(LATE_EVENTS);

        DataStream<Observation> read = parsed;
        DataStream<LabelCarryRow> carry = null;
        boolean joined = labels != null || kept != null;
        if (s.carry().writes()) {
            // the predictions whose labels may still come, for the next scheduled run: those with an id leave
            // the label join with the label record that won so far (a later label then competes with it as it
            // would in one run over everything); the others, and all without label files, as read
            long keepFrom = s.carry().writeFrom(), to = s.to();
            io.driftwatch.common.window.WindowGrid grid = s.grid();
            carry = read.filter(o -> (!joined || o.predictionId() == null) && o.timestamp() >= keepFrom && o.timestamp() < to)
                    .name("predictions-to-carry").uid("predictions-to-carry")
                    .map(o -> LabelCarryRow.of(o, CarriedObservations.toBytes(o), grid.start(o.timestamp()), null))
                    .returns(PipelineTypes.LABEL_CARRY_ROW).name("label-carry").uid("label-carry");
        }
        DataStream<Observation> observations = read;
        DataStream<WindowPartial> profiledBeforeJoin = null, referenceProfiledBeforeJoin = null, keptPartials = null;
        if (joined) {
            SingleOutputStreamOperator<LabelRecord> parsedLabels = labels == null ? null : labels
                    .transform("parse-labels", PipelineTypes.LABEL_RECORD,
                            new CountingProcessOperator<>(new ParseLabels(parser)))
                    .uid("parse-labels");
            DataStream<LabelRecord> labelRecords = parsed.getSideOutput(PREDICTIONS_OUT_OF_RANGE);
            if (parsedLabels != null) labelRecords = parsedLabels.union(labelRecords);
            DataStream<Observation> withId = read
                    .filter(new PredictionIdOf.HasId(true)).name("with-prediction-id").uid("with-prediction-id");
            if (!s.streaming()) {
                // batch: the predictions' rows, features and predictions are profiled here, before the sorted
                // label join, which then sorts only their carried form (a few dozen bytes, not every feature);
                // after it they add their KPIs and label (WindowState#addProfiles). Streaming holds them in
                // the join's state until their window is emitted, as read.
                if (s.config().drift().enabled()) {
                    if (s.referencePeriod() == null) {
                        profiledBeforeJoin = profileBeforeJoin(withId, s, "");
                    } else {
                        AnalyzeSettings r = s.forReferencePeriod();
                        profiledBeforeJoin = profileBeforeJoin(withId.filter(new InPeriod(s.from(), s.to()))
                                .name("analyzed-range-before-join").uid("analyzed-range-before-join"), s, "");
                        referenceProfiledBeforeJoin = profileBeforeJoin(withId.filter(new InPeriod(r.from(), r.to()))
                                .name("reference-period-before-join").uid("reference-period-before-join"), r, "reference-");
                    }
                }
                withId = withId.map(CarriedObservations::carried).returns(PipelineTypes.OBSERVATION)
                        .name("carried-form").uid("carried-form");
            }
            DataStream<Observation> withoutId = read
                    .filter(new PredictionIdOf.HasId(false)).name("without-prediction-id").uid("without-prediction-id");
            SingleOutputStreamOperator<Observation> keptJoin = null;
            boolean whole = joinInMemory && !s.streaming() && s.referencePeriod() == null;
            if (kept != null || whole) {
                // the kept predictions meet their labels in a hash join; the rest goes on to the sorted join,
                // unless the whole join is in memory
                keptJoin = withId.partitionCustom(JoinKeptLabels.PARTITIONER, new PredictionIdOf.OfPrediction())
                        .connect(labelRecords.partitionCustom(JoinKeptLabels.PARTITIONER, new PredictionIdOf.OfLabel()))
                        .transform("join-kept-labels", PipelineTypes.OBSERVATION,
                                new JoinKeptLabels(kept == null ? JoinKeptLabels.Kept.NONE : kept, parser, s, whole))
                        .uid("join-kept-labels");
                withId = keptJoin;
                labelRecords = keptJoin.getSideOutput(JoinKeptLabels.LABELS_ON);
                deadLetters = deadLetters.union(keptJoin.getSideOutput(DEAD_LETTERS));
                if (carry != null) carry = carry.union(keptJoin.getSideOutput(LABEL_CARRY));
                counts = counts.union(keptJoin.getSideOutput(COUNTS)
                        .transform("sum-kept-join-counts", TypeInformation.of(RunCount.class), new SumCounts())
                        .uid("sum-kept-join-counts"));
                // the predictions it releases, labeled, come as its partial window states
                keptPartials = keptJoin.getSideOutput(JoinKeptLabels.RELEASED);
            }
            if (parsedLabels != null) {
                deadLetters = deadLetters.union(parsedLabels.getSideOutput(DEAD_LETTERS));
                counts = counts.union(parsedLabels.getSideOutput(COUNTS));
            }
            if (whole) {
                observations = withoutId;
            } else {
                SingleOutputStreamOperator<Observation> joinedObservations = withId
                        .keyBy(new PredictionIdOf.OfPrediction())
                        .connect(labelRecords.keyBy(new PredictionIdOf.OfLabel()))
                        .transform("join-labels", PipelineTypes.OBSERVATION, JoinLabels.operator(parser, s))
                        .uid("join-labels");
                observations = joinedObservations
                        .transform("join-never-idle", joinedObservations.getType(), new NeverIdle<Observation>())
                        .uid("join-never-idle")
                        .union(withoutId);
                deadLetters = deadLetters.union(joinedObservations.getSideOutput(DEAD_LETTERS));
                late = late.union(joinedObservations.getSideOutput(LATE_EVENTS));
                if (carry != null) carry = carry.union(joinedObservations.getSideOutput(LABEL_CARRY));
                counts = counts.union(joinedObservations.getSideOutput(COUNTS)
                        .transform("sum-join-counts", TypeInformation.of(RunCount.class), new SumCounts())
                        .uid("sum-join-counts"));
            }
        }

        // event time: the pre-aggregation windows each prediction by its own timestamp and stamps its
        // partials with their window's last millisecond; watermarks come from the sources (streaming)
        DataStream<Observation> timed = observations;
        DataStream<WindowPartial> partialsIn = union(union(carriedProfiles, keptPartials), profiledBeforeJoin);
        if (s.referencePeriod() == null) {
            SingleOutputStreamOperator<KpiWindowRow> kpis = windows(timed, partialsIn, s,
                    new EmitWindow(s.config(), s.reference(), s.from(), s.to()), "");
            return redacted(new Outputs(kpis, kpis.getSideOutput(PROFILES), kpis.getSideOutput(DRIFT), deadLetters, counts,
                    null, null, late.union(latePartials(kpis)), kpis.getSideOutput(FAIRNESS), carry), s);
        }
        // one read of the input: the reference period's windows and the analyzed ones from the same
        // records, then each analyzed window's drift against the key's reference (docs/guide/drift.md)
        AnalyzeSettings r = s.forReferencePeriod();
        SingleOutputStreamOperator<KpiWindowRow> referenceKpis = windows(
                timed.filter(new InPeriod(r.from(), r.to())).name("reference-period").uid("reference-period"),
                referenceProfiledBeforeJoin, r,
                new EmitWindow(r.config(), null, r.from(), r.to(), true, Counters.REFERENCE_WINDOWS), "reference-");
        SingleOutputStreamOperator<KpiWindowRow> kpis = windows(
                timed.filter(new InPeriod(s.from(), s.to())).name("analyzed-range").uid("analyzed-range"),
                partialsIn, s,
                new EmitWindow(s.config(), null, s.from(), s.to(), true, Counters.KPI_WINDOWS), "");
        DataStream<FeatureDriftRow> drift = referenceKpis.getSideOutput(WINDOW_PROFILES)
                .keyBy(WindowProfiles::modelAndSegment)
                .connect(kpis.getSideOutput(WINDOW_PROFILES).keyBy(WindowProfiles::modelAndSegment))
                .process(new DriftAgainstReference(s.config()))
                .name("drift-against-reference").uid("drift-against-reference");
        // the analyzed windows' quality without labels, once the reference's windows are in
        DataStream<KpiWindowRow> estimated = referenceKpis.keyBy(new EstimateAgainstReference.ModelAndSegment())
                .connect(kpis.keyBy(new EstimateAgainstReference.ModelAndSegment()))
                .process(new EstimateAgainstReference()).returns(TypeInformation.of(KpiWindowRow.class))
                .name("estimate-against-reference").uid("estimate-against-reference");
        return redacted(new Outputs(estimated, kpis.getSideOutput(PROFILES), drift, deadLetters, counts, referenceKpis,
                referenceKpis.getSideOutput(PROFILES), late.union(latePartials(kpis), latePartials(referenceKpis)),
                kpis.getSideOutput(FAIRNESS), carry), s);
    }

    /** The outputs with the raw text of dead letters and late events as {@code privacy:} allows. */
    private static Outputs redacted(Outputs o, AnalyzeSettings s) {
        io.driftwatch.common.config.Privacy privacy = s.config().privacy();
        if (privacy.isOff()) return o;
        DataStream<DeadLetterRow> deadLetters = o.deadLetters().map(new RedactRaw.DeadLetters(privacy))
                .returns(TypeInformation.of(DeadLetterRow.class)).name("privacy-dead-letters").uid("privacy-dead-letters");
        DataStream<LateEventRow> late = o.lateEvents().map(new RedactRaw.LateEvents(privacy))
                .returns(TypeInformation.of(LateEventRow.class)).name("privacy-late-events").uid("privacy-late-events");
        return new Outputs(o.kpiWindows(), o.featureProfiles(), o.featureDrift(), deadLetters, o.counts(),
                o.referenceKpiWindows(), o.referenceProfiles(), late, o.fairness(), o.labelCarry());
    }

    /** A window's partial state that came after the window fired, as a late event (one per partial). */
    private static DataStream<LateEventRow> latePartials(SingleOutputStreamOperator<KpiWindowRow> windows) {
        return windows.getSideOutput(LATE_PARTIALS)
                .map(p -> LateEventRow.of("window partial " + p.key().replace('\u0001', '/'), null, "prediction",
                        p.windowStart(), p.windowStart(), "partial state of "
                                + io.driftwatch.common.window.WindowState.fromBytes(p.state()).kpis().result(1).count(
                                        io.driftwatch.common.kpi.Kpi.PREDICTION_COUNT)
                                + " predictions reached its window after the window was emitted",
                        KpiKey.split(p.key())[0]))
                .returns(TypeInformation.of(LateEventRow.class)).name("late-partials").uid(windows.getTransformation().getUid()
                        + "-late-partials");
    }

    /** The profiles of predictions before the label join, per subtask, key and window of {@code s.grid()}. */
    private static DataStream<WindowPartial> profileBeforeJoin(DataStream<Observation> predictions, AnalyzeSettings s,
            String uidPrefix) {
        return predictions.transform(uidPrefix + "profile-before-join", TypeInformation.of(WindowPartial.class),
                new PreAggregateWindows(s, true)).uid(uidPrefix + "profile-before-join");
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return a == null ? b : b == null ? a : a.union(b);
    }

    /**
     * Pre-aggregation per subtask, then the keyed windows of {@code s.grid()} merging the partials.
     *
     * @param profiles partials taken elsewhere (profiles carried from the last run, profiles taken before the
     *     label join, the kept predictions' windows from {@link JoinKeptLabels}), or null
     */
    private static SingleOutputStreamOperator<KpiWindowRow> windows(DataStream<Observation> timed,
            DataStream<WindowPartial> profiles, AnalyzeSettings s, EmitWindow emit, String uidPrefix) {
        DataStream<WindowPartial> partials = timed
                .transform(uidPrefix + "pre-aggregate-windows", TypeInformation.of(WindowPartial.class),
                        new PreAggregateWindows(s))
                .uid(uidPrefix + "pre-aggregate-kpis");
        if (profiles != null) partials = partials.union(profiles);
        return partials
                .keyBy(new KpiKey())
                .window(new GridWindows(s.grid(), s.labelWaitMillis()))
                .allowedLateness(java.time.Duration.ofMillis(s.labelWaitMillis()))
                .sideOutputLateData(LATE_PARTIALS)
                .aggregate(new MergeWindowPartials(), emit, WindowStateType.INSTANCE, WindowStateType.INSTANCE,
                        TypeInformation.of(KpiWindowRow.class))
                .name(uidPrefix + "windows").uid(uidPrefix + "kpi-windows");
    }
}
