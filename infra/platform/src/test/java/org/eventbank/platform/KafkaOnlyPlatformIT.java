package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eventbank.config.Env;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.Progress;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaOnlyPlatformIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldStartKafkaWithTheBankTopicsAndNoServiceWhenKafkaOnly() throws Exception {
        ByteArrayOutputStream progressLines = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(progressLines, true, StandardCharsets.UTF_8));
        try (Platform platform = Platform.start(new LaunchOptions(0, 0, 0, dataDir, true), Env.of(Map.of()), progress);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            assertThat(platform.runsServices()).isFalse();
            // created topics reach the broker's metadata a moment after CreateTopics returns
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .containsAll(BankTopics.defaults().all().stream().map(Topic::name).toList()));
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("topics created")
                    .doesNotContain("starting account-service", "starting ledger-projector");
            assertThat(dataDir.resolve("account-service")).doesNotExist();
        }
    }
}
