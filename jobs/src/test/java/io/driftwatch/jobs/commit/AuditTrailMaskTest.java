package io.driftwatch.jobs.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs.config}: the config as JSON, values under secret-looking keys masked at any depth. */
class AuditTrailMaskTest {
    @TempDir Path dir;

    @Test
    void secretsAreMaskedAndTheRestKept() throws Exception {
        Path yaml = Files.writeString(dir.resolve("c.yaml"), """
                window: 1h
                privacy: {salt_file: /etc/driftwatch/salt, hash: [email]}
                sinks:
                  - {url: 'https://hooks.example/x', auth_token: s3cr3t}
                kafka: {sasl.jaas.config: 'user="a" password="hunter2"', ssl.key.password: hunter3, api_key: k}
                """);
        String json = AuditTrail.maskedConfig(yaml);
        assertThat(json).doesNotContain("s3cr3t").doesNotContain("hunter2").doesNotContain("hunter3")
                .doesNotContain("/etc/driftwatch/salt").doesNotContain("\"k\"");
        assertThat(json).contains("\"window\":\"1h\"").contains("\"hash\":[\"email\"]")
                // a webhook's URL is masked too: a Slack incoming-webhook URL is itself the credential (issue 25)
                .contains("\"url\":\"***\"").doesNotContain("hooks.example").contains("\"auth_token\":\"***\"")
                .contains("\"salt_file\":\"***\"");
    }
}
