package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The recipes in {@code conf/schedules/} hold command lines users copy as they are: each is parsed
 * here and its Driftwatch arguments checked against the CLI (options that exist, values of the right
 * kind, the scheduled form {@code analyze --since-last-run}), and the jar and main class against the
 * build.
 */
class ScheduleRecipesTest {
    static final Path DIR = Path.of(System.getProperty("driftwatch.home", ".."), "conf", "schedules").normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern JAR = Pattern.compile("driftwatch-jobs-[^/]+\\.jar$");

    /** Parses the arguments as the CLI does and checks they are a scheduled analyze. */
    static ParseResult checkScheduled(List<String> args, String where) {
        CommandLine cli = new CommandLine(new Driftwatch());
        ParseResult parsed = cli.parseArgs(args.toArray(String[]::new)); // throws on an unknown option or a bad value
        ParseResult analyze = parsed.subcommand();
        assertThat(analyze).as(where).isNotNull();
        assertThat(analyze.commandSpec().name()).as(where).isEqualTo("analyze");
        assertThat(analyze.hasMatchedOption("--since-last-run")).as(where).isTrue();
        for (String required : List.of("--input", "--output", "--config")) {
            assertThat(analyze.hasMatchedOption(required)).as(where + " " + required).isTrue();
        }
        String to = analyze.matchedOptionValue("--to", "now");
        assertThat(io.driftwatch.jobs.app.RunPlanner.relativeTo(to, 0) != null || io.driftwatch.jobs.app.RunPlanner.bound(to, "--to", 0) > 0).as(where).isTrue();
        return analyze;
    }

    /** The arguments after the jar in a {@code flink run ... JAR args} list, checking the jar's name. */
    static List<String> afterJar(List<String> command, String where) {
        for (int i = 0; i < command.size(); i++) {
            if (JAR.matcher(command.get(i)).find()) {
                assertThat(command.get(i)).as(where).endsWith(builtJarName());
                return command.subList(i + 1, command.size());
            }
        }
        throw new AssertionError(where + ": no Driftwatch jar in " + command);
    }

    /** The jar the build makes ({@code driftwatch-jobs-<version>.jar}), as docs/guide/cluster.md names it. */
    static String builtJarName() {
        try {
            String pom = Files.readString(DIR.getParent().getParent().resolve("jobs/pom.xml"));
            Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
            assertThat(m.find()).isTrue();
            return "driftwatch-jobs-" + m.group(1) + ".jar";
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cronLines() throws Exception {
        List<String> lines = Files.readAllLines(DIR.resolve("crontab")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            List<String> tokens = Arrays.asList(line.trim().split("\\s+"));
            assertThat(tokens.subList(0, 5)).allMatch(f -> f.matches("[0-9*/,-]+"));
            assertThat(tokens.get(5)).endsWith("/bin/driftwatch");
            List<String> args = new ArrayList<>();
            for (String t : tokens.subList(6, tokens.size())) {
                if (t.startsWith(">") || t.startsWith("2>")) break;
                args.add(t);
            }
            checkScheduled(args, "crontab: " + line);
        }
    }

    @Test
    void airflowDag() throws Exception {
        String dag = Files.readString(DIR.resolve("airflow_dag.py"));
        Matcher list = Pattern.compile("DRIFTWATCH_ARGS = \\[(.*?)\\]", Pattern.DOTALL).matcher(dag);
        assertThat(list.find()).isTrue();
        List<String> args = new ArrayList<>();
        Matcher s = Pattern.compile("\"([^\"]*)\"").matcher(list.group(1));
        while (s.find()) args.add(s.group(1));
        checkScheduled(args, "airflow_dag.py");
        Matcher jar = Pattern.compile("JAR = \"([^\"]+)\"").matcher(dag);
        assertThat(jar.find()).isTrue();
        assertThat(jar.group(1)).endsWith(builtJarName());
        assertThat(dag).contains("[FLINK, \"run\", \"-m\", JOBMANAGER, JAR] + DRIFTWATCH_ARGS").contains("max_active_runs=1");
    }

    @Test
    void kubernetesCronJob() throws Exception {
        JsonNode cron = YAML.readTree(DIR.resolve("k8s-cronjob.yaml").toFile());
        assertThat(cron.path("kind").asText()).isEqualTo("CronJob");
        assertThat(cron.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode container = cron.at("/spec/jobTemplate/spec/template/spec/containers/0");
        List<String> command = new ArrayList<>();
        container.path("command").forEach(n -> command.add(n.asText()));
        container.path("args").forEach(n -> command.add(n.asText()));
        assertThat(command.subList(0, 2)).containsExactly("/opt/flink/bin/flink", "run");
        checkScheduled(afterJar(command, "k8s-cronjob.yaml"), "k8s-cronjob.yaml");
    }

    @Test
    void flinkOperatorSessionJob() throws Exception {
        List<JsonNode> docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(DIR.resolve("flink-operator.yaml").toFile())
                .readAll();
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("FlinkDeployment", "ConfigMap", "CronJob");
        JsonNode sessionJob = YAML.readTree(docs.get(1).at("/data/session-job.yaml").asText());
        assertThat(sessionJob.path("kind").asText()).isEqualTo("FlinkSessionJob");
        assertThat(sessionJob.at("/spec/deploymentName").asText()).isEqualTo(docs.get(0).at("/metadata/name").asText());
        JsonNode job = sessionJob.at("/spec/job");
        assertThat(job.path("entryClass").asText()).isEqualTo(Driftwatch.class.getName());
        assertThat(job.path("jarURI").asText()).endsWith(builtJarName());
        List<String> args = new ArrayList<>();
        job.path("args").forEach(n -> args.add(n.asText()));
        checkScheduled(args, "flink-operator.yaml");
        // the CronJob creates that FlinkSessionJob from the ConfigMap
        JsonNode submit = docs.get(2).at("/spec/jobTemplate/spec/template/spec");
        assertThat(submit.at("/containers/0/command").toString()).contains("kubectl", "create", "/jobs/session-job.yaml");
        assertThat(submit.at("/volumes/0/configMap/name").asText()).isEqualTo(docs.get(1).at("/metadata/name").asText());
    }
}
