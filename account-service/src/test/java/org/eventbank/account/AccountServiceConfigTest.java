package org.eventbank.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eventbank.account.kafka.CommandGroupGuard.NewGroupStart;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;

class AccountServiceConfigTest {

    /** Reads {@code env} as a local run would (BANK_AUTH_DEV=true), unless {@code env} says otherwise. */
    private static AccountServiceConfig read(Map<String, String> env) {
        Map<String, String> local = new java.util.HashMap<>(Map.of("BANK_AUTH_DEV", "true"));
        local.putAll(env);
        return AccountServiceConfig.fromEnvironment(Env.of(local));
    }

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        AccountServiceConfig config = read(Map.of());
        assertThat(config.cluster()).isEqualTo(new ClusterSettings("localhost:9092", TopicSettings.defaults(), ""));
        assertThat(config.streams()).isEqualTo(new StreamsSettings("bank-account-service", Path.of("./data/account-service"),
                100, 128L * 1024 * 1024, 10L * 1024 * 1024, 5_000, 6_000));
        assertThat(config.processor()).isEqualTo(new AccountServiceConfig.Processor(Duration.ofHours(24), 2_000,
                NewGroupStart.EMPTY_LEDGER_ONLY));
        assertThat(config.http().instanceId()).startsWith("account-service-");
        // The deadline: a little over the request timeout.
        assertThat(config.http()).isEqualTo(new AccountServiceConfig.Http(8080, config.http().instanceId(), 16_384, 10_000,
                10_000, 5, 12_000, 4, 5_000));
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
                Map.entry("BANK_SERDES_CLASS", "a.B"), Map.entry("BANK_TRANSACTION_TIMEOUT_MS", "7000"),
                Map.entry("BANK_SESSION_TIMEOUT_MS", "9000"), Map.entry("BANK_REQUEST_BODY_BYTES_MAX", "100"),
                Map.entry("BANK_ROCKSDB_MEMORY_BYTES", "268435456"), Map.entry("BANK_STATE_CACHE_BYTES", "0"),
                Map.entry("BANK_COMMAND_LINGER_MS", "0"), Map.entry("BANK_COMMAND_DEADLINE_MS", "900"),
                Map.entry("BANK_CLOCK_SKEW_MS_MAX", "300"), Map.entry("BANK_COMMAND_GROUP_INIT", "commands-end"),
                Map.entry("BANK_COMMAND_LOOKUPS_MAX", "2"), Map.entry("BANK_COMMAND_LOOKUP_TIMEOUT_MS", "700")));
        assertThat(config).isEqualTo(new AccountServiceConfig(
                new ClusterSettings("k:1", new TopicSettings("x.", 3, (short) 3), "a.B"),
                new StreamsSettings("app", Path.of("/tmp/s"), 50, 268_435_456L, 0L, 7000, 9000),
                new AccountServiceConfig.Processor(Duration.ofHours(1), 300, NewGroupStart.COMMANDS_END),
                new AccountServiceConfig.Http(0, "i-1", 100, 500, 7, 0, 900, 2, 700),
                AuthSettings.localIssuer(AuthSettings.DEFAULT_DATA_DIR)));
    }

    @Test
    void shouldRefuseToStartWithoutAnIdentityProviderNamingTheVariablesToSet() {
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Env.of(Map.of())))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("BANK_JWKS_URI")
                .hasMessageContaining("BANK_TOKEN_ISSUER")
                .hasMessageContaining("BANK_AUTH_DEV=true");
        assertThatThrownBy(() -> read(Map.of("BANK_AUTH_DEV", "false", "BANK_JWKS_URI", "https://idp.example/jwks",
                "BANK_TOKEN_ISSUER", "urn:eventbank:local-dev-issuer", "BANK_TOKEN_AUDIENCE", "eventbank")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("BANK_TOKEN_ISSUER");
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
        assertThatThrownBy(() -> read(Map.of("BANK_COMMAND_GROUP_INIT", "earliest")))
                .hasMessage("BANK_COMMAND_GROUP_INIT must be empty-ledger or commands-end, not 'earliest'");
    }

    @Test
    void shouldDeriveTheDeadlineFromTheRequestTimeoutUnlessItIsSet() {
        assertThat(read(Map.of("BANK_REQUEST_TIMEOUT_MS", "3000")).http().commandDeadlineMs()).isEqualTo(5_000);
        assertThat(read(Map.of("BANK_CLOCK_SKEW_MS_MAX", "500")).http().commandDeadlineMs()).isEqualTo(10_500);
        assertThat(read(Map.of("BANK_REQUEST_TIMEOUT_MS", "3000", "BANK_COMMAND_DEADLINE_MS", "6000")).http()
                .commandDeadlineMs()).isEqualTo(6_000);
    }

    @Test
    void shouldRefuseADeadlineBelowTheRequestTimeoutPlusTheSkewAndARetentionNotLongerThanBoth() {
        assertThatThrownBy(() -> read(Map.of("BANK_COMMAND_DEADLINE_MS", "11999")))
                .hasMessage("BANK_COMMAND_DEADLINE_MS must be at least BANK_REQUEST_TIMEOUT_MS + BANK_CLOCK_SKEW_MS_MAX"
                        + " (12000), not '11999'");
        read(Map.of("BANK_COMMAND_DEADLINE_MS", "12000"));
        assertThatThrownBy(() -> read(Map.of("BANK_CLOCK_SKEW_MS_MAX", "2001", "BANK_COMMAND_DEADLINE_MS", "12000")))
                .hasMessageContaining("BANK_COMMAND_DEADLINE_MS").hasMessageContaining("(12001)");
        assertThatThrownBy(() -> read(Map.of("BANK_IDEMPOTENCY_RETENTION", "PT14S")))
                .hasMessage("BANK_IDEMPOTENCY_RETENTION must be longer than BANK_COMMAND_DEADLINE_MS + BANK_CLOCK_SKEW_MS_MAX"
                        + " (PT14S), not 'PT14S'");
        assertThat(read(Map.of("BANK_IDEMPOTENCY_RETENTION", "PT14.001S")).processor().idempotencyRetention())
                .isEqualTo(Duration.ofMillis(14_001));
        assertThatThrownBy(() -> read(Map.of("BANK_CLOCK_SKEW_MS_MAX", "-1"))).hasMessageContaining("BANK_CLOCK_SKEW_MS_MAX");
        // A command's outcome must stay learnable within the results' hour.
        assertThatThrownBy(() -> read(Map.of("BANK_COMMAND_DEADLINE_MS", "1800001")))
                .hasMessage("BANK_COMMAND_DEADLINE_MS must be a whole number from 1 to 1800000, not '1800001'");
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
