package io.driftwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privacy:}: the salt's sources and errors, the lists' scopes, raw text redacted. */
class PrivacyConfigTest {
    @TempDir Path dir;

    @Test
    void hashingWithoutASaltNamesTheKeyAndASaltFileIsNeverShown() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.parse("privacy: {hash: [email], salt_env: DRIFTWATCH_SALT_TEST_UNSET}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("privacy.salt_env: hashing needs a salt: set the environment variable"
                        + " DRIFTWATCH_SALT_TEST_UNSET or give privacy.salt_file");
        Path salt = Files.writeString(dir.resolve("salt"), "s3cr3t-salt");
        DriftwatchConfig c = ConfigLoader.parse("privacy: {hash: [email, 'phone_*'], drop: [card], salt_file: " + salt
                + "}\nmodels: {m: {privacy: {drop: [notes]}}}");
        Privacy p = c.privacy();
        assertThat(c.toString()).doesNotContain("s3cr3t-salt");
        assertThat(p.action("m", "email")).isEqualTo(Privacy.Action.HASH);
        assertThat(p.action("m", "phone_home")).isEqualTo(Privacy.Action.HASH);
        assertThat(p.action("m", "card")).isEqualTo(Privacy.Action.DROP);
        assertThat(p.action("m", "notes")).isEqualTo(Privacy.Action.DROP);
        assertThat(p.action("other", "notes")).isEqualTo(Privacy.Action.KEEP);
        // a dead letter of an unknown model: every model's lists count
        assertThat(p.action(null, "notes")).isEqualTo(Privacy.Action.DROP);
        assertThat(p.hash("a@b.org")).startsWith("sha256:").hasSize(23).isEqualTo(p.hash("a@b.org"))
                .isNotEqualTo(p.hash("a@b.orh"));
        // the same value under another salt hashes otherwise
        Path other = Files.writeString(dir.resolve("other"), "another-salt");
        assertThat(ConfigLoader.parse("privacy: {hash: [email], salt_file: " + other + "}").privacy().hash("a@b.org"))
                .isNotEqualTo(p.hash("a@b.org"));

        String redacted = p.redact("{\"timestamp\":\"bad\",\"features\":{\"email\":\"a@b.org\",\"card\":\"4111\","
                + "\"amount\":3},\"rows\":[{\"phone_x\":\"+49 30 1234567\"}]}", "m");
        assertThat(redacted).doesNotContain("a@b.org").doesNotContain("4111").doesNotContain("1234567")
                .contains("\"amount\":3").contains("\"email\":\"sha256:").contains("\"timestamp\":\"bad\"");
        assertThat(p.redact("a@b.org,4111,3", "m")).isEqualTo(Privacy.WITHHELD);
        assertThat(ConfigLoader.parse("privacy: {raw_dead_letters: false}").privacy().redact("{\"a\":1}", "m")).isNull();
        assertThat(Privacy.NONE.redact("{\"a\":1}", "m")).isEqualTo("{\"a\":1}");
    }
}
