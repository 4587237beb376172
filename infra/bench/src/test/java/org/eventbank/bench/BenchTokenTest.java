package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.auth.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldMintATellerAndAuditorTokenTheLocalBankAcceptsOutlastingTheRun() throws Exception {
        LocalIssuer.openOrCreate(dataDir);
        Duration run = Duration.ofMinutes(20);

        BenchToken token = BenchToken.forRun(dataDir, run);

        String header = token.get();
        assertThat(header).startsWith("Bearer ");
        Caller caller = TokenVerifier.fromSettings(AuthSettings.localIssuer(dataDir)).authenticate(Optional.of(header));
        assertThat(caller.ownerReference()).isEqualTo("bank-bench");
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.TELLER, Scope.AUDITOR);
        JWTClaimsSet claims = SignedJWT.parse(header.substring("Bearer ".length())).getJWTClaimsSet();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(run.plus(BenchToken.MARGIN));
        assertThat(token.get()).as("one token per run, not one per request").isSameAs(header);
    }

    @Test
    void shouldMintANewTokenBeforeTheCurrentOneRunsOut() {
        LocalIssuer issuer = LocalIssuer.openOrCreate(dataDir);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        BenchToken token = new BenchToken(issuer, Duration.ofHours(1), clock);
        String first = token.get();
        Instant firstExpiry = token.expires();

        now.set(firstExpiry.minus(BenchToken.RENEW_BEFORE).minusSeconds(1));
        assertThat(token.get()).isSameAs(first);
        now.set(firstExpiry.minus(BenchToken.RENEW_BEFORE).plusSeconds(1));
        assertThat(token.get()).isNotEqualTo(first);
        assertThat(token.expires()).isAfter(firstExpiry);
    }

    @Test
    void shouldSayWhatToDoWhenTheDataFolderHasNoKey() {
        assertThatThrownBy(() -> BenchToken.forRun(dataDir.resolve("nowhere"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no local signing key at " + LocalIssuer.signingKeyFile(dataDir.resolve("nowhere")))
                .hasMessageContaining("./bank up").hasMessageContaining("--data-dir")
                .hasMessageContaining("--mode core with --visibility-sample-every 0");
    }
}
