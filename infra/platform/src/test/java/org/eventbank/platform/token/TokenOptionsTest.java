package org.eventbank.platform.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.Scope;
import org.junit.jupiter.api.Test;

class TokenOptionsTest {

    private static final Env NO_ENV = Env.of(Map.of());

    @Test
    void shouldMintATellerAndAuditorTokenForDevForAnHourFromTheDefaultDataFolder() {
        TokenOptions options = TokenOptions.parse(List.of(), NO_ENV);

        assertThat(options.subject()).isEqualTo("dev");
        assertThat(options.scopes()).containsExactly(Scope.ACCOUNTS_READ, Scope.ACCOUNTS_WRITE, Scope.TELLER, Scope.AUDITOR);
        assertThat(options.scopeValues()).containsExactly("accounts:read", "accounts:write", "bank:teller", "bank:auditor");
        assertThat(options.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(options.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
    }

    @Test
    void shouldPreferFlagsOverTheEnvironmentOverDefaults() {
        Env env = Env.of(Map.of("BANK_DATA_DIR", "/tmp/bank-env"));

        assertThat(TokenOptions.parse(List.of(), env).dataDir()).isEqualTo(Path.of("/tmp/bank-env"));
        TokenOptions options = TokenOptions.parse(List.of("--subject", "alice", "--scope", "accounts:read  accounts:write",
                "--ttl", "15m", "--data-dir", "/tmp/bank-flag"), env);
        assertThat(options).isEqualTo(new TokenOptions("alice", List.of(Scope.ACCOUNTS_READ, Scope.ACCOUNTS_WRITE),
                Duration.ofMinutes(15), Path.of("/tmp/bank-flag")));
    }

    @Test
    void shouldReadTheTtlInSecondsMinutesHoursAndDays() {
        assertThat(TokenOptions.ttl("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(TokenOptions.ttl("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TokenOptions.ttl("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(TokenOptions.ttl("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(TokenOptions.ttl("30d")).isEqualTo(TokenOptions.TTL_MAX);
    }

    @Test
    void shouldRefuseATtlWithoutAUnitOrOutOfRange() {
        for (String bad : List.of("1", "1x", "1.5h", "-1h", "h", "PT1H", "1 h", "")) {
            assertThatThrownBy(() -> TokenOptions.parse(List.of("--ttl", bad), NO_ENV)).as(bad)
                    .hasMessageContaining("--ttl must be a whole number and a unit").hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--ttl", "0s"), NO_ENV)).hasMessageContaining("--ttl must be from 1s to 30d");
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--ttl", "31d"), NO_ENV)).hasMessageContaining("--ttl must be from 1s to 30d");
    }

    @Test
    void shouldTakeOnlyTheBanksScopesAndAllowNone() {
        assertThat(TokenOptions.parse(List.of("--scope", "bank:auditor"), NO_ENV).scopes()).containsExactly(Scope.AUDITOR);
        assertThat(TokenOptions.parse(List.of("--scope", "accounts:read accounts:read"), NO_ENV).scopes()).containsExactly(Scope.ACCOUNTS_READ);
        assertThat(TokenOptions.parse(List.of("--scope", ""), NO_ENV).scopes()).as("a token no endpoint accepts: try a 403").isEmpty();
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--scope", "accounts:read acounts:write admin"), NO_ENV))
                .hasMessageContaining("unknown scope acounts:write, admin")
                .hasMessageContaining("accounts:read accounts:write bank:teller bank:auditor");
    }

    @Test
    void shouldRefuseASubjectThatCannotBeAnOwnerReference() {
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--subject", "alice@example.com"), NO_ENV))
                .hasMessageContaining("looks like an e-mail address").hasMessageContaining("pseudonym");
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--subject", " "), NO_ENV)).hasMessageContaining("--subject must be 1-200");
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--subject", "x".repeat(201)), NO_ENV)).hasMessageContaining("--subject must be 1-200");
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--subject", "a\nb"), NO_ENV)).hasMessageContaining("control characters");
        assertThat(TokenOptions.parse(List.of("--subject", "x".repeat(200)), NO_ENV).subject()).hasSize(200);
    }

    @Test
    void shouldRefuseUnknownFlagsMissingValuesAndRepeatedFlags() {
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--sub", "alice"), NO_ENV)).hasMessageContaining("unknown option '--sub'");
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--subject"), NO_ENV)).hasMessageContaining("--subject needs a value");
        assertThatThrownBy(() -> TokenOptions.parse(List.of("--ttl", "1h", "--ttl", "2h"), NO_ENV)).hasMessageContaining("--ttl is given twice");
    }
}
