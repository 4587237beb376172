package org.eventbank.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.config.Env;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldReadTheCommonStreamsSettingsWithTheServicesDefaults() {
        assertThat(StreamsSettings.fromEnvironment(Env.of(Map.of()), "bank-x", Path.of("./data/x")))
                .isEqualTo(new StreamsSettings("bank-x", Path.of("./data/x"), 100, 128L * 1024 * 1024, 10L * 1024 * 1024, 5_000, 6_000));
        assertThat(StreamsSettings.fromEnvironment(Env.of(Map.of("BANK_APPLICATION_ID", "app", "BANK_STATE_DIR", "/s",
                "BANK_COMMIT_INTERVAL_MS", "20", "BANK_ROCKSDB_MEMORY_BYTES", "33554432", "BANK_STATE_CACHE_BYTES", "0",
                "BANK_TRANSACTION_TIMEOUT_MS", "10000", "BANK_SESSION_TIMEOUT_MS", "45000")),
                "bank-x", Path.of("./data/x")))
                .isEqualTo(new StreamsSettings("app", Path.of("/s"), 20, 33_554_432L, 0L, 10_000, 45_000));
    }

    @Test
    void shouldRefuseSettingsThatCannotWorkNamingThem() {
        assertThatThrownBy(() -> StreamsSettings.fromEnvironment(Env.of(Map.of("BANK_COMMIT_INTERVAL_MS", "0")), "a", Path.of(".")))
                .hasMessage("BANK_COMMIT_INTERVAL_MS must be a whole number from 1 to 9223372036854775807, not '0'");
        assertThatThrownBy(() -> StreamsSettings.fromEnvironment(Env.of(Map.of("BANK_APPLICATION_ID", "a b")), "a", Path.of(".")))
                .hasMessage("BANK_APPLICATION_ID must be letters, digits, '.', '_' or '-', not 'a b'");
        assertThatThrownBy(() -> StreamsSettings.fromEnvironment(Env.of(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "16777215")), "a",
                Path.of("."))).hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> StreamsSettings.fromEnvironment(Env.of(Map.of("BANK_TRANSACTION_TIMEOUT_MS", "100")), "a",
                Path.of("."))).hasMessage("BANK_TRANSACTION_TIMEOUT_MS must be more than BANK_COMMIT_INTERVAL_MS (100): a transaction"
                + " stays open a commit interval, not '100'");
    }

    @Test
    void shouldSetTheSafetyAndMemorySettingsExplicitly() {
        Properties props = new StreamsSettings("app", Path.of("state"), 50, 33_554_432L, 1_048_576L, 4_000, 9_000)
                .baseProperties(KafkaConnection.plaintext("k:9092"), (short) 3);

        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app");
        assertThat(props.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("k:9092");
        assertThat(props.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(Path.of("state").toAbsolutePath().toString());
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
        assertThat(props.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(props.get("topic.min.insync.replicas")).isEqualTo("2");
        assertThat(new StreamsSettings("app", Path.of("state"), 50, 33_554_432L, 1_048_576L, 4_000, 9_000).baseProperties(KafkaConnection.plaintext("k:9092"), (short) 1)
                .get("topic.min.insync.replicas")).isEqualTo("1");
        assertThat(props.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(LogAndFailProcessingExceptionHandler.class.getName());
        assertThat(props.get("producer.acks")).isEqualTo("all");
        assertThat(props.get("producer.enable.idempotence")).isEqualTo(true);
        assertThat(props.get("consumer.isolation.level")).isEqualTo("read_committed");
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(props.get(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG)).isEqualTo(33_554_432L);
        assertThat(props.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(1_048_576L);
        assertThat(props.get("producer.transaction.timeout.ms")).isEqualTo(4_000);
        assertThat(props.get("consumer.session.timeout.ms")).isEqualTo(9_000);
        assertThat(props.get("consumer.heartbeat.interval.ms")).as("at least every second").isEqualTo(1_000);
        assertThat(new StreamsSettings("app", Path.of("state"), 50, 33_554_432L, 1_048_576L, 4_000, 2_400).baseProperties(KafkaConnection.plaintext("k:9092"), (short) 1)
                .get("consumer.heartbeat.interval.ms")).as("a third of the session timeout").isEqualTo(800);
    }
}
