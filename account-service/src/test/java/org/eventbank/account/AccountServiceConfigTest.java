package org.eventbank.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;

class AccountServiceConfigTest {

    private static AccountServiceConfig read(Map<String, String> env) {
        return AccountServiceConfig.fromEnvironment(Env.of(env));
    }

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        AccountServiceConfig config = read(Map.of());
        assertThat(config.cluster()).isEqualTo(new ClusterSettings("localhost:9092", TopicSettings.defaults(), ""));
        assertThat(config.streams()).isEqualTo(new StreamsSettings("bank-account-service", Path.of("./data/account-service"),
                100, 128L * 1024 * 1024, 10L * 1024 * 1024));
        assertThat(config.processor()).isEqualTo(new AccountServiceConfig.Processor(Duration.ofHours(24), 10_000, 45_000));
        assertThat(config.http().instanceId()).startsWith("account-service-");
        assertThat(config.http()).isEqualTo(new AccountServiceConfig.Http(8080, config.http().instanceId(), 16_384, 10_000,
                10_000, 5));
    }

    @Test
    void shouldTreatEveryBlankValueAsUnset() {
        Map<String, String> blanks = Map.ofEntries(
                Map.entry("BANK_BOOTSTRAP_SERVERS", ""), Map.entry("BANK_TOPIC_PREFIX", ""), Map.entry("BANK_STATE_DIR", " "),
                Map.entry("BANK_HTTP_PORT", ""), Map.entry("BANK_APPLICATION_ID", ""), Map.entry("BANK_SERDES_CLASS", " "),
                Map.entry("BANK_IDEMPOTENCY_RETENTION", ""), Map.entry("BANK_COMMAND_LINGER_MS", ""));
        AccountServiceConfig config = read(blanks);
        AccountServiceConfig defaults = read(Map.of());
        assertThat(config.cluster()).isEqualTo(defaults.cluster());
        assertThat(config.streams()).isEqualTo(defaults.streams());
        assertThat(config.processor()).isEqualTo(defaults.processor());
        // two reads differ only in the random instance id
        assertThat(config.http()).usingRecursiveComparison().ignoringFields("instanceId").isEqualTo(defaults.http());
    }

    @Test
    void shouldGiveEachProcessItsOwnInstanceIdByDefault() {
        assertThat(read(Map.of()).http().instanceId()).isNotEqualTo(read(Map.of()).http().instanceId());
    }

    @Test
    void shouldReadEverySetting() {
        AccountServiceConfig config = read(Map.ofEntries(
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
        assertThat(config).isEqualTo(new AccountServiceConfig(
                new ClusterSettings("k:1", new TopicSettings("x.", 3, (short) 3), "a.B"),
                new StreamsSettings("app", Path.of("/tmp/s"), 50, 268_435_456L, 0L),
                new AccountServiceConfig.Processor(Duration.ofHours(1), 5000, 6000),
                new AccountServiceConfig.Http(0, "i-1", 100, 500, 7, 0)));
    }

    @Test
    void shouldRefuseToStartOnAMalformedOrNonsensicalSettingNamingIt() {
        assertThatThrownBy(() -> read(Map.of("BANK_PARTITIONS", "six")))
                .hasMessage("BANK_PARTITIONS must be a whole number from 1 to 2147483647, not 'six'");
        assertThatThrownBy(() -> read(Map.of("BANK_IDEMPOTENCY_RETENTION", "24h")))
                .hasMessage("BANK_IDEMPOTENCY_RETENTION must be a positive ISO-8601 duration such as PT24H, not '24h'");
        assertThatThrownBy(() -> read(Map.of("BANK_PENDING_REQUESTS_MAX", "0")))
                .hasMessageContaining("BANK_PENDING_REQUESTS_MAX");
        // 2^32 + 8080 and 2^16 + 1 would wrap into a valid port and replication factor if cast.
        assertThatThrownBy(() -> read(Map.of("BANK_HTTP_PORT", "4294975376")))
                .hasMessage("BANK_HTTP_PORT must be a whole number from 0 to 65535, not '4294975376'");
        assertThatThrownBy(() -> read(Map.of("BANK_REPLICATION_FACTOR", "65537")))
                .hasMessageContaining("BANK_REPLICATION_FACTOR");
        // below 16 MiB, and beyond a long
        assertThatThrownBy(() -> read(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "16777215")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> read(Map.of("BANK_ROCKSDB_MEMORY_BYTES", "9223372036854775808")))
                .hasMessageContaining("BANK_ROCKSDB_MEMORY_BYTES");
        assertThatThrownBy(() -> read(Map.of("BANK_STATE_CACHE_BYTES", "-1")))
                .hasMessageContaining("BANK_STATE_CACHE_BYTES");
        assertThatThrownBy(() -> read(Map.of("BANK_COMMAND_LINGER_MS", "-1")))
                .hasMessageContaining("BANK_COMMAND_LINGER_MS");
        assertThatThrownBy(() -> read(Map.of("BANK_APPLICATION_ID", "my app")))
                .hasMessageContaining("BANK_APPLICATION_ID");
    }

    @Test
    void shouldChangeOneNestedSettingWithoutCopyingTheOthersByHand() {
        AccountServiceConfig config = read(Map.of("BANK_INSTANCE_ID", "i-1"));
        AccountServiceConfig moved = config.withHttpPort(0);
        assertThat(moved.http().port()).isZero();
        assertThat(moved.http().instanceId()).isEqualTo("i-1");
        assertThat(moved.streams()).isEqualTo(config.streams());
        assertThat(moved.cluster()).isEqualTo(config.cluster());
    }
}
