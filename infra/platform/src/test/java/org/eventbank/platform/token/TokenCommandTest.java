package org.eventbank.platform.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.auth.TokenRejectedException;
import org.eventbank.kit.auth.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./bank token} end to end in-process: what it prints, and that the services would accept it. */
class TokenCommandTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintOnlyATokenTheLocalBanksServicesAcceptAsDevWithEveryScope() throws Exception {
        LocalIssuer.openOrCreate(dataDir);

        int exit = run(List.of(), Map.of("BANK_DATA_DIR", dataDir.toString()));

        assertThat(exit).as(stderr()).isEqualTo(TokenCommand.EXIT_OK);
        assertThat(stderr()).isEmpty();
        List<String> lines = stdout().lines().toList();
        assertThat(lines).hasSize(1);
        Caller caller = verify(lines.get(0));
        assertThat(caller.ownerReference()).isEqualTo("dev");
        assertThat(caller.clientId()).contains(LocalIssuer.CLIENT_ID);
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.values());
        assertThat(lifetime(lines.get(0))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldMintTheSubjectScopesAndLifetimeAsked() throws Exception {
        LocalIssuer.openOrCreate(dataDir);
        Instant before = Instant.now().minusSeconds(1);

        int exit = run(List.of("--subject", "alice", "--scope", "accounts:read accounts:write", "--ttl", "15m",
                "--data-dir", dataDir.toString()), Map.of());

        assertThat(exit).as(stderr()).isEqualTo(TokenCommand.EXIT_OK);
        String token = stdout().strip();
        Caller caller = verify(token);
        assertThat(caller.ownerReference()).isEqualTo("alice");
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.ACCOUNTS_READ, Scope.ACCOUNTS_WRITE);
        assertThat(lifetime(token)).isEqualTo(Duration.ofMinutes(15));
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant()).isBetween(before.plus(Duration.ofMinutes(15)),
                Instant.now().plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertThat(claims.getStringClaim("scope")).isEqualTo("accounts:read accounts:write");
    }

    @Test
    void shouldMintATokenTheServicesRefuseOnceItHasExpired() throws Exception {
        LocalIssuer.openOrCreate(dataDir);
        run(List.of("--ttl", "1s", "--data-dir", dataDir.toString()), Map.of());
        String token = stdout().strip();
        // the services allow 30 s of clock skew: a token 1 s long is still accepted now, and refused once that has passed
        AuthSettings noSkew = new AuthSettings(LocalIssuer.jwksFile(dataDir).toUri(), LocalIssuer.ISSUER, LocalIssuer.AUDIENCE,
                "sub", Duration.ZERO, AuthSettings.DEFAULT_JWKS_CACHE_TTL, AuthSettings.DEFAULT_JWKS_REFETCH_MIN_INTERVAL, true);
        Thread.sleep(2_100);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenVerifier.fromSettings(noSkew).authenticate(Optional.of("Bearer " + token)))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("expired");
    }

    @Test
    void shouldSayToStartTheBankFirstWhenTheDataFolderHasNoKeyAndPrintNothing() {
        Path empty = dataDir.resolve("never-started");

        int exit = run(List.of("--data-dir", empty.toString()), Map.of());

        assertThat(exit).isEqualTo(TokenCommand.EXIT_NO_KEY);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).startsWith("bank token: no local signing key at " + LocalIssuer.signingKeyFile(empty))
                .contains("./bank up", "--data-dir").hasLineCount(1);
        assertThat(empty).as("no key pair is made here").doesNotExist();
    }

    @Test
    void shouldRefuseBadFlagsWithOneLineAndTheUsageAndPrintNothing() {
        int exit = run(List.of("--ttl", "forever"), Map.of("BANK_DATA_DIR", dataDir.toString()));

        assertThat(exit).isEqualTo(TokenCommand.EXIT_USAGE);
        assertThat(stdout()).isEmpty();
        assertThat(stderr().lines().findFirst()).contains("bank token: --ttl must be a whole number and a unit, s, m, h or d"
                + " (30s, 15m, 1h, 2d), not 'forever'");
        assertThat(stderr()).contains("usage: bank token");
    }

    @Test
    void shouldPrintItsUsageWhenAsked() {
        assertThat(run(List.of("--help"), Map.of())).isZero();
        assertThat(stdout()).contains("usage: bank token", "--subject", "--scope", "--ttl", "--data-dir", "BANK_DATA_DIR", "default 1h");
    }

    private int run(List<String> args, Map<String, String> env) {
        return TokenCommand.run(args, Env.of(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Caller verify(String token) throws TokenRejectedException {
        return TokenVerifier.fromSettings(AuthSettings.localIssuer(dataDir)).authenticate(Optional.of("Bearer " + token));
    }

    private static Duration lifetime(String token) throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        return Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
