package org.eventbank.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eventbank.config.Env;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void shouldUseKafkasUsualPortAndTheServicesDefaultPortsAndADataFolderHere() {
        LaunchOptions options = LaunchOptions.parse(List.of(), Env.of(Map.of()));

        assertThat(options).isEqualTo(new LaunchOptions(9092, 8080, 8081, Path.of("data")));
        assertThat(options.dataDir()).isAbsolute();
        assertThat(options.kafkaDir()).isEqualTo(options.dataDir().resolve("kafka"));
        assertThat(options.pidFile().getFileName()).hasToString("bank.pid");
    }

    @Test
    void shouldPreferFlagsOverEnvironmentVariables() {
        Map<String, String> env = Map.of("BANK_KAFKA_PORT", "19092", "BANK_ACCOUNT_PORT", "18080", "BANK_LEDGER_PORT", "18081",
                "BANK_DATA_DIR", "/tmp/bank-env");

        assertThat(LaunchOptions.parse(List.of(), Env.of(env))).isEqualTo(new LaunchOptions(19092, 18080, 18081, Path.of("/tmp/bank-env")));
        assertThat(LaunchOptions.parse(List.of("--kafka-port", "29092", "--account-port", "28080", "--ledger-port", "28081",
                "--data-dir", "/tmp/bank-flag"), Env.of(env))).isEqualTo(new LaunchOptions(29092, 28080, 28081, Path.of("/tmp/bank-flag")));
        assertThat(LaunchOptions.parse(List.of("--kafka-only"), Env.of(Map.of())).kafkaOnly()).isTrue();
        assertThat(LaunchOptions.parse(List.of(), Env.of(Map.of())).kafkaOnly()).isFalse();
        assertThat(LaunchOptions.parse(List.of("--locked"), Env.of(Map.of())).locked()).isTrue();
        assertThat(LaunchOptions.parse(List.of(), Env.of(Map.of())).locked()).isFalse();
    }

    @Test
    void shouldRefuseUnknownFlagsBadNumbersAndClashingPorts() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--port", "1"), Env.of(Map.of()))).hasMessageContaining("--port");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--kafka-port"), Env.of(Map.of()))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of(), Env.of(Map.of("BANK_ACCOUNT_PORT", "eighty")))).hasMessageContaining("BANK_ACCOUNT_PORT");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--ledger-port", "70000"), Env.of(Map.of()))).hasMessageContaining("70000");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--ledger-port", "8080"), Env.of(Map.of()))).hasMessageContaining("must differ");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--kafka-port", "8081"), Env.of(Map.of()))).hasMessageContaining("must differ");
    }

    @Test
    void shouldAllowAnyFreePortForEveryService() {
        assertThat(LaunchOptions.parse(List.of("--kafka-port", "0", "--account-port", "0", "--ledger-port", "0"), Env.of(Map.of())).accountPort()).isZero();
    }
}
