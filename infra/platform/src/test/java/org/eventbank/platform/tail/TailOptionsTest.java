package org.eventbank.platform.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailOptionsTest {

    @Test
    void shouldReadTheWholeLedgerOfTheLocalBrokerByDefault() {
        TailOptions options = TailOptions.parse(List.of(), Env.of(Map.of()));

        assertThat(options).isEqualTo(new TailOptions("localhost:9092", "bank.", false, false));
    }

    @Test
    void shouldFollowTheLaunchersKafkaPort() {
        assertThat(TailOptions.parse(List.of(), Env.of(Map.of("BANK_KAFKA_PORT", "19092"))).bootstrapServers()).isEqualTo("localhost:19092");
    }

    @Test
    void shouldPreferFlagsOverEnvironmentOverDefaults() {
        Map<String, String> env = Map.of("BANK_BOOTSTRAP_SERVERS", "kafka:9092", "BANK_TOPIC_PREFIX", "test.", "BANK_KAFKA_PORT", "1");

        assertThat(TailOptions.parse(List.of(), Env.of(env))).isEqualTo(new TailOptions("kafka:9092", "test.", false, false));
        assertThat(TailOptions.parse(List.of("--bootstrap-servers", "other:1", "--topic-prefix", "x.", "--from-end", "--until-end"), Env.of(env)))
                .isEqualTo(new TailOptions("other:1", "x.", true, true));
    }

    @Test
    void shouldRefuseUnknownFlagsMissingValuesAndBadPrefixes() {
        assertThatThrownBy(() -> TailOptions.parse(List.of("--follow"), Env.of(Map.of()))).hasMessageContaining("--follow");
        assertThatThrownBy(() -> TailOptions.parse(List.of("--topic-prefix"), Env.of(Map.of()))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> TailOptions.parse(List.of("--topic-prefix", "a b"), Env.of(Map.of()))).hasMessageContaining("prefix");
    }

    @Test
    void shouldConnectAsTheAdminOfALockedDataFolderFromTheFlagOrTheEnvironment(@TempDir Path dataDir) {
        LocalKafkaCredentials credentials = LocalKafkaCredentials.create(dataDir);
        KafkaConnection admin = credentials.connection("localhost:9092", LocalKafkaCredentials.ADMIN);

        assertThat(TailOptions.parse(List.of("--data-dir", dataDir.toString()), Env.of(Map.of())).connection()).isEqualTo(admin);
        assertThat(TailOptions.parse(List.of(), Env.of(Map.of("BANK_DATA_DIR", dataDir.toString()))).connection()).isEqualTo(admin);
        assertThat(TailOptions.parse(List.of("--data-dir", dataDir.resolve("unlocked").toString()), Env.of(Map.of())).connection())
                .isEqualTo(KafkaConnection.plaintext("localhost:9092"));
    }

    @Test
    void shouldConnectAsThePrincipalTheEnvironmentNamesBeforeAnyDataFolder(@TempDir Path dataDir) throws Exception {
        LocalKafkaCredentials.create(dataDir);
        Path ca = Files.writeString(dataDir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Map<String, String> env = Map.of("BANK_DATA_DIR", dataDir.toString(), "BANK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "BANK_KAFKA_USERNAME", "bank-admin", "BANK_KAFKA_PASSWORD", "compose-admin-secret", "BANK_KAFKA_SSL_TRUSTSTORE",
                ca.toString());

        assertThat(TailOptions.parse(List.of("--bootstrap-servers", "localhost:9094"), Env.of(env)).connection())
                .isEqualTo(KafkaConnection.scramOverTls("localhost:9094", "bank-admin", "compose-admin-secret", ca));
        assertThatThrownBy(() -> TailOptions.parse(List.of(), Env.of(Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"))))
                .as("a principal half named is refused as a service refuses it").hasMessageContaining("BANK_KAFKA_USERNAME");
    }
}
