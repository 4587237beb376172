package org.eventbank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.eventbank.kit.streams.BoundedRocksDbMemory;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.ledger.kafka.LedgerProjectorTopology;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;

class LedgerProjectorConfigTest {

    /** Read with the local bank's tokens ({@code BANK_AUTH_DEV=true}) unless the environment says otherwise. */
    private static LedgerProjectorConfig read(Map<String, String> env) {
        Map<String, String> withAuth = new java.util.HashMap<>(env);
        withAuth.putIfAbsent("BANK_AUTH_DEV", "true");
        return readAsGiven(withAuth);
    }

    private static LedgerProjectorConfig readAsGiven(Map<String, String> env) {
        return LedgerProjectorConfig.fromEnvironment(Env.of(env));
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        LedgerProjectorConfig config = read(Map.of());

        assertThat(config).isEqualTo(new LedgerProjectorConfig(
                new ClusterSettings("localhost:9092", TopicSettings.defaults(), ""),
                new StreamsSettings("bank-ledger-projector", Path.of("./data/ledger-projector"), 100, 128L * 1024 * 1024,
                        10L * 1024 * 1024, 5_000, 6_000),
                new LedgerProjectorConfig.Projection(0, false),
                new LedgerProjectorConfig.Http(8081, "localhost", 5000, 2000, 1000, 1000),
                new LedgerProjectorConfig.Finality(15_000, 2_000, 1_000),
                AuthSettings.localIssuer(Path.of("./data"))));
    }

    /** Every request needs a token, so a projector that cannot check them does not start (issue 14). */
    @Test
    void shouldRefuseToStartWithoutTheTokenSettingsUnlessAskedForTheLocalIssuer() {
        assertThatThrownBy(() -> readAsGiven(Map.of())).hasMessageContaining("BANK_JWKS_URI");
        assertThatThrownBy(() -> readAsGiven(Map.of("BANK_JWKS_URI", "https://idp.example/jwks.json", "BANK_TOKEN_ISSUER",
                "https://idp.example"))).hasMessageContaining("BANK_TOKEN_AUDIENCE");

        assertThat(read(Map.of("BANK_DATA_DIR", "/var/lib/bank")).auth()).isEqualTo(AuthSettings.localIssuer(Path.of("/var/lib/bank")));
    }

    @Test
    void shouldTreatEveryBlankValueAsUnset() {
        // BANK_STATE_DIR="" once became Path.of("") here, and BANK_TOPIC_PREFIX="" an empty prefix unlike account-service's
        assertThat(read(Map.of("BANK_STATE_DIR", "", "BANK_TOPIC_PREFIX", "", "BANK_REBUILD", " ", "BANK_ADVERTISED_HOST", "",
                "BANK_BOOTSTRAP_SERVERS", "", "BANK_APPLICATION_ID", ""))).isEqualTo(read(Map.of()));
    }

    @Test
    void shouldAcceptOnlyTrueOrFalseForRebuild() {
        assertThat(read(Map.of("BANK_REBUILD", "TRUE")).projection().rebuild()).isTrue();
        // "yes" once meant false without a word
        assertThatThrownBy(() -> read(Map.of("BANK_REBUILD", "yes")))
                .hasMessage("BANK_REBUILD must be true or false, not 'yes'");
    }

    @Test
    void shouldReadEveryVariable() {
        LedgerProjectorConfig config = read(Map.ofEntries(
                Map.entry("BANK_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"), Map.entry("BANK_TOPIC_PREFIX", "test."),
                Map.entry("BANK_PARTITIONS", "12"), Map.entry("BANK_REPLICATION_FACTOR", "3"), Map.entry("BANK_HTTP_PORT", "0"),
                Map.entry("BANK_ADVERTISED_HOST", "projector-1"), Map.entry("BANK_STATE_DIR", "/var/lib/p"),
                Map.entry("BANK_APPLICATION_ID", "p-v2"), Map.entry("BANK_STANDBY_REPLICAS", "1"),
                Map.entry("BANK_COMMIT_INTERVAL_MS", "50"), Map.entry("BANK_MIN_VERSION_WAIT_MS_MAX", "100"),
                Map.entry("BANK_FORWARD_TIMEOUT_MS", "300"), Map.entry("BANK_REBUILD", "true"),
                Map.entry("BANK_MIN_VERSION_WAITERS_MAX", "7"), Map.entry("BANK_MIN_VERSION_AHEAD_MAX", "50"),
                Map.entry("BANK_ROCKSDB_MEMORY_BYTES", "268435456"), Map.entry("BANK_STATE_CACHE_BYTES", "0"),
                Map.entry("BANK_ASOF_COMMIT_WINDOW_MS", "15000"), Map.entry("BANK_CLOCK_SKEW_MS_MAX", "0"),
                Map.entry("BANK_ASOF_REFRESH_MS", "250"), Map.entry("BANK_AUTH_DEV", "false"),
                Map.entry("BANK_JWKS_URI", "https://idp.example/jwks.json"), Map.entry("BANK_TOKEN_ISSUER", "https://idp.example"),
                Map.entry("BANK_TOKEN_AUDIENCE", "bank-api"), Map.entry("BANK_OWNER_CLAIM", "customer_ref")));

        assertThat(config.cluster()).isEqualTo(new ClusterSettings("k1:9092,k2:9092", new TopicSettings("test.", 12, (short) 3), ""));
        assertThat(config.http()).isEqualTo(new LedgerProjectorConfig.Http(0, "projector-1", 100, 300, 7, 50));
        assertThat(config.projection()).isEqualTo(new LedgerProjectorConfig.Projection(1, true));
        assertThat(config.finality()).isEqualTo(new LedgerProjectorConfig.Finality(15_000, 0, 250));
        assertThat(config.finality().bounds()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.auth()).isEqualTo(new AuthSettings(java.net.URI.create("https://idp.example/jwks.json"), "https://idp.example",
                "bank-api", "customer_ref", AuthSettings.DEFAULT_CLOCK_SKEW, AuthSettings.DEFAULT_JWKS_CACHE_TTL,
                AuthSettings.DEFAULT_JWKS_REFETCH_MIN_INTERVAL, false));
        assertThat(config.streams()).isEqualTo(new StreamsSettings("p-v2", Path.of("/var/lib/p"), 50, 268_435_456L, 0L, 5_000, 6_000));
        Properties streams = LedgerProjectorTopology.streamsConfig(config.streams(), config.cluster(),
                config.projection().standbyReplicas(), "projector-1:8081");
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
        assertThatThrownBy(() -> read(Map.of("BANK_HTTP_PORT", "eighty")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> read(Map.of("BANK_HTTP_PORT", "70000")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> read(Map.of("BANK_HTTP_PORT", "4294975377")))
                .hasMessageContaining("BANK_HTTP_PORT");
        assertThatThrownBy(() -> read(Map.of("BANK_APPLICATION_ID", "a b")))
                .hasMessageContaining("BANK_APPLICATION_ID");
        assertThatThrownBy(() -> read(Map.of("BANK_PARTITIONS", "0")))
                .hasMessageContaining("BANK_PARTITIONS");
        // below 16 MiB, and beyond a long
        assertThatThrownBy(() -> read(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "16777215")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> read(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "9223372036854775808")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> read(Map.of("BANK_STATE_CACHE_BYTES", "-1")))
                .hasMessageContaining("BANK_STATE_CACHE_BYTES");
        // a commit window of 0 would call an instant final while its transaction can still commit
        assertThatThrownBy(() -> read(Map.of("BANK_ASOF_COMMIT_WINDOW_MS", "0")))
                .hasMessageContaining("BANK_ASOF_COMMIT_WINDOW_MS");
        assertThatThrownBy(() -> read(Map.of("BANK_CLOCK_SKEW_MS_MAX", "-1")))
                .hasMessageContaining("BANK_CLOCK_SKEW_MS_MAX");
        assertThatThrownBy(() -> read(Map.of("BANK_ASOF_REFRESH_MS", "5")))
                .hasMessageContaining("BANK_ASOF_REFRESH_MS");
        assertThatThrownBy(() -> read(Map.of("BANK_MIN_VERSION_WAITERS_MAX", "0")))
                .hasMessageContaining("BANK_MIN_VERSION_WAITERS_MAX");
        assertThatThrownBy(() -> read(Map.of("BANK_MIN_VERSION_AHEAD_MAX", "0")))
                .hasMessageContaining("BANK_MIN_VERSION_AHEAD_MAX");
    }
}
