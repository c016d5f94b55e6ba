package io.driftwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/reference/config-keys.md is the list the config is checked against, and the guide explains every key. */
class ConfigKeysTest {
    private static final Path FILE = Path.of("..", "docs", "reference", "config-keys.md");
    private static final Path GUIDE = Path.of("..", "docs", "guide", "config.md");

    @Test
    void theGeneratedReferenceMatchesTheCode() throws Exception {
        String generated = ConfigKeys.markdown();
        if (Boolean.getBoolean("driftwatch.updateDocs")) Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("docs/reference/config-keys.md is stale: run mvn -pl common test -Dtest=ConfigKeysTest"
                        + " -Ddriftwatch.updateDocs=true")
                .isEqualTo(generated);
    }

    @Test
    void theGuideExplainsEveryKey() throws Exception {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        ConfigKeys.ALL.forEach((path, keys) -> {
            for (String k : keys) {
                if (!guide.contains(k + ":") && !guide.contains("`" + k + "`")) missing.add(path + "." + k);
            }
        });
        assertThat(missing).as("keys the config accepts but docs/guide/config.md does not mention").isEmpty();
    }

    @Test
    void theLoaderChecksKeysAgainstTheList() {
        // a key of another section is unknown where it stands, with the list of that path in the message
        assertThatThrownBy(() -> ConfigLoader.parse("alarms: {horizon: 3d}\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("alarms.horizon: unknown key")
                .hasMessageContaining("(expected one of budget)");
        assertThatThrownBy(() -> ConfigLoader.parse("models: {m: {drift: {enabled: false}}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("models.m.drift.enabled: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("retraining: {anomalies: {cusums: true}}\n"))
                .hasMessageStartingWith("retraining.anomalies.cusums: unknown key; did you mean cusum?");
    }
}
