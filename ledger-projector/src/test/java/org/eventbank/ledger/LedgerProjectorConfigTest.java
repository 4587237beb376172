package org.eventbank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.eventbank.ledger.streams.LedgerProjectorTopology;
import org.eventbank.streams.memory.BoundedRocksDbMemory;
import org.junit.jupiter.api.Test;

class LedgerProjectorConfigTest {

    @Test
    void shouldUseTheDocumentedDefaults() {
        LedgerProjectorConfig config = LedgerProjectorConfig.fromEnvironment(Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topics().prefix()).isEqualTo("bank.");
        assertThat(config.topics().partitions()).isEqualTo(6);
        assertThat(config.topics().replicationFactor()).isEqualTo((short) 1);
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.advertisedHost()).isEqualTo("localhost");
        assertThat(config.stateDir()).isEqualTo(Path.of("./data/ledger-projector"));
        assertThat(config.applicationId()).isEqualTo("bank-ledger-projector");
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.commitIntervalMs()).isEqualTo(100);
        assertThat(config.minVersionWaitMsMax()).isEqualTo(5000);
        assertThat(config.forwardTimeoutMs()).isEqualTo(2000);
        assertThat(config.serdesClass()).isEmpty();
        assertThat(config.rebuild()).isFalse();
        assertThat(config.rocksDbMemoryBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.stateCacheBytes()).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void shouldReadEveryVariable() {
        LedgerProjectorConfig config = LedgerProjectorConfig.fromEnvironment(Map.ofEntries(
                Map.entry("BANK_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"), Map.entry("BANK_TOPIC_PREFIX", "test."),
                Map.entry("BANK_PARTITIONS", "12"), Map.entry("BANK_REPLICATION_FACTOR", "3"), Map.entry("BANK_HTTP_PORT", "0"),
                Map.entry("BANK_ADVERTISED_HOST", "projector-1"), Map.entry("BANK_STATE_DIR", "/var/lib/p"),
                Map.entry("BANK_APPLICATION_ID", "p-v2"), Map.entry("BANK_STANDBY_REPLICAS", "1"),
                Map.entry("BANK_COMMIT_INTERVAL_MS", "50"), Map.entry("BANK_MIN_VERSION_WAIT_MS_MAX", "100"),
                Map.entry("BANK_FORWARD_TIMEOUT_MS", "300"), Map.entry("BANK_REBUILD", "true"),
                Map.entry("BANK_ROCKSDB_MEMORY_BYTES", "268435456"), Map.entry("BANK_STATE_CACHE_BYTES", "0")));

        assertThat(config.topics().partitions()).isEqualTo(12);
        assertThat(config.httpPort()).isZero();
        assertThat(config.rebuild()).isTrue();
        Properties streams = LedgerProjectorTopology.streamsConfig(config, "projector-1:8081");
        assertThat(streams.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("p-v2");
        assertThat(streams.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("projector-1:8081");
        assertThat(streams.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(streams.get("consumer.isolation.level")).isEqualTo("read_committed");
        assertThat(streams.get("producer.acks")).isEqualTo("all");
        assertThat(streams.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(streams.get(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG)).isEqualTo(268_435_456L);
        assertThat(streams.get(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG)).isEqualTo(134_217_728L);
        assertThat(streams.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(0L);
    }

    @Test
    void shouldRefuseValuesThatCannotWork() {
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_HTTP_PORT", "eighty")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_HTTP_PORT", "70000")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_HTTP_PORT", "4294975377")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_APPLICATION_ID", "a b")))
                .hasMessageContaining("BANK_APPLICATION_ID");
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_PARTITIONS", "0")))
                .hasMessageContaining("partitions");
        // below 16 MiB, and beyond a long
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "16777215")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "9223372036854775808")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> LedgerProjectorConfig.fromEnvironment(Map.of("BANK_STATE_CACHE_BYTES", "-1")))
                .hasMessageContaining("BANK_STATE_CACHE_BYTES");
    }
}
