package org.eventbank.account.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.eventbank.account.processor.CommandProcessorTopology;
import org.eventbank.streams.memory.BoundedRocksDbMemory;
import org.junit.jupiter.api.Test;

class AccountServiceConfigTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        AccountServiceConfig config = AccountServiceConfig.fromEnvironment(Map.of());
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topicPrefix()).isEqualTo("bank.");
        assertThat(config.partitions()).isEqualTo(6);
        assertThat(config.replicationFactor()).isEqualTo((short) 1);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.instanceId()).startsWith("account-service-");
        assertThat(config.stateDir()).isEqualTo(Path.of("./data/account-service"));
        assertThat(config.applicationId()).isEqualTo("bank-account-service");
        assertThat(config.idempotencyRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.requestTimeoutMs()).isEqualTo(10_000);
        assertThat(config.pendingRequestsMax()).isEqualTo(10_000);
        assertThat(config.commitIntervalMs()).isEqualTo(100);
        assertThat(config.commandLingerMs()).isEqualTo(5);
        assertThat(config.serdesClass()).isEmpty();
        assertThat(config.transactionTimeoutMs()).isEqualTo(10_000);
        assertThat(config.sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(config.requestBodyBytesMax()).isEqualTo(16_384);
        assertThat(config.rocksDbMemoryBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.stateCacheBytes()).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void shouldGiveEachProcessItsOwnInstanceIdByDefault() {
        assertThat(AccountServiceConfig.fromEnvironment(Map.of()).instanceId())
                .isNotEqualTo(AccountServiceConfig.fromEnvironment(Map.of()).instanceId());
    }

    @Test
    void shouldReadEverySetting() {
        AccountServiceConfig config = AccountServiceConfig.fromEnvironment(Map.ofEntries(
                Map.entry("BANK_BOOTSTRAP_SERVERS", "k:1"), Map.entry("BANK_TOPIC_PREFIX", "x."),
                Map.entry("BANK_PARTITIONS", "3"), Map.entry("BANK_REPLICATION_FACTOR", "3"),
                Map.entry("BANK_HTTP_PORT", "0"), Map.entry("BANK_INSTANCE_ID", "i-1"),
                Map.entry("BANK_STATE_DIR", "/tmp/s"), Map.entry("BANK_APPLICATION_ID", "app"),
                Map.entry("BANK_IDEMPOTENCY_RETENTION", "PT1H"), Map.entry("BANK_REQUEST_TIMEOUT_MS", "500"),
                Map.entry("BANK_PENDING_REQUESTS_MAX", "7"), Map.entry("BANK_COMMIT_INTERVAL_MS", "50"),
                Map.entry("BANK_SERDES_CLASS", "a.B"), Map.entry("BANK_TRANSACTION_TIMEOUT_MS", "5000"),
                Map.entry("BANK_SESSION_TIMEOUT_MS", "6000"), Map.entry("BANK_REQUEST_BODY_BYTES_MAX", "100"),
                Map.entry("BANK_ROCKSDB_MEMORY_BYTES", "268435456"), Map.entry("BANK_STATE_CACHE_BYTES", "0"),
                Map.entry("BANK_COMMAND_LINGER_MS", "0")));
        assertThat(config).isEqualTo(new AccountServiceConfig("k:1", "x.", 3, (short) 3, 0, "i-1", Path.of("/tmp/s"), "app",
                Duration.ofHours(1), 500, 7, 50, "a.B", 5000, 6000, 100, 268_435_456L, 0L, 0));
        assertThat(config.topicSettings().prefix()).isEqualTo("x.");
    }

    @Test
    void shouldBoundTheRocksDbMemoryOfTheStreamsAppAndSetItsRecordCache() {
        Properties streams = CommandProcessorTopology.streamsConfig(AccountServiceConfig.fromEnvironment(Map.of(
                "BANK_ROCKSDB_MEMORY_BYTES", "268435456", "BANK_STATE_CACHE_BYTES", "1048576")));
        assertThat(streams.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(streams.get(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG)).isEqualTo(268_435_456L);
        assertThat(streams.get(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG)).isEqualTo(134_217_728L);
        assertThat(streams.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(1_048_576L);
    }

    @Test
    void shouldRefuseToStartOnAMalformedOrNonsensicalSetting() {
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_PARTITIONS", "six")))
                .hasMessageContaining("BANK_PARTITIONS");
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_IDEMPOTENCY_RETENTION", "24h")))
                .hasMessageContaining("BANK_IDEMPOTENCY_RETENTION");
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_PENDING_REQUESTS_MAX", "0")))
                .hasMessageContaining("BANK_PENDING_REQUESTS_MAX");
        // 2^32 + 8080 and 2^16 + 1 would wrap into a valid port and replication factor if cast.
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_HTTP_PORT", "4294975376")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_REPLICATION_FACTOR", "65537")))
                .hasMessageContaining("BANK_REPLICATION_FACTOR");
        // below 16 MiB, and beyond a long
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "16777215")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "9223372036854775808")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_STATE_CACHE_BYTES", "-1")))
                .hasMessageContaining("BANK_STATE_CACHE_BYTES");
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Map.of("BANK_COMMAND_LINGER_MS", "-1")))
                .hasMessageContaining("BANK_COMMAND_LINGER_MS");
    }
}
