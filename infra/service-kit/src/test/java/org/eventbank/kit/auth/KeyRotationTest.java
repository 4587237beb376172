package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.kit.auth.TestTokens.RSA;
import static org.eventbank.kit.auth.TestTokens.RSA_NEXT;
import static org.eventbank.kit.auth.TestTokens.bearer;
import static org.eventbank.kit.auth.TestTokens.claims;
import static org.eventbank.kit.auth.TestTokens.sign;

import com.nimbusds.jose.jwk.JWK;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider rotates its signing key: the JWKS gains the next key B, then drops the old key A. A token of B
 * verifies at once (its unknown kid makes the keys be fetched again); a token of A is refused once the cached keys
 * have expired. Over loopback http and from a file.
 */
class KeyRotationTest {

    private static final Duration SHORT_TTL = Duration.ofSeconds(1);
    /** How long the test waits for A to be refused: the TTL, with room for a slow machine. */
    private static final Duration REMOVAL_DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final String ofA = sign(RSA, claims().subject("signed-by-a").build());
    private final String ofB = sign(RSA_NEXT, claims().subject("signed-by-b").build());

    @Test
    void shouldFollowARotationOfAJwksServedOverHttp() throws Exception {
        try (JwksServer idp = JwksServer.serving(RSA)) {
            followRotation(TokenVerifier.fromSettings(TestTokens.settings(idp.uri(), SHORT_TTL, Duration.ZERO)),
                    idp::publish);
        }
    }

    @Test
    void shouldFollowARotationOfAFileJwks() throws Exception {
        Path file = TestTokens.writeJwks(dir.resolve("jwks.json"), RSA);
        followRotation(TokenVerifier.fromSettings(TestTokens.settings(file.toUri(), SHORT_TTL, Duration.ofMillis(100))),
                keys -> TestTokens.writeJwks(file, keys));
    }

    @Test
    void shouldFetchTheKeysAgainAtOnceForANewKidLongBeforeTheCacheExpires() throws Exception {
        try (JwksServer idp = JwksServer.serving(RSA)) {
            TokenVerifier verifier = TokenVerifier.fromSettings(TestTokens.settings(idp.uri(), Duration.ofMinutes(5),
                    Duration.ZERO));
            assertThat(verifier.authenticate(bearer(ofA)).ownerReference()).isEqualTo("signed-by-a");
            assertThat(verifier.authenticate(bearer(ofA)).ownerReference()).isEqualTo("signed-by-a");
            assertThat(idp.fetches()).as("fetches while the cache is fresh").isEqualTo(1);

            idp.publish(RSA, RSA_NEXT);

            assertThat(verifier.authenticate(bearer(ofB)).ownerReference()).isEqualTo("signed-by-b");
            assertThat(idp.fetches()).as("one more fetch, for B's kid").isEqualTo(2);

            idp.publish(RSA_NEXT);

            assertThat(verifier.authenticate(bearer(ofA)).ownerReference())
                    .as("A stays usable until the cached keys expire").isEqualTo("signed-by-a");
            assertThat(idp.fetches()).isEqualTo(2);
        }
    }

    @Test
    void shouldBuildAWorkingVerifierForEveryCacheTtlTheSettingsAllow() {
        Path file = TestTokens.writeJwks(dir.resolve("jwks.json"), RSA);
        for (Duration ttl : List.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(45),
                Duration.ofSeconds(46), Duration.ofMinutes(5), Duration.ofHours(24))) {
            assertThatCode(() -> TokenVerifier.fromSettings(TestTokens.settings(file.toUri(), ttl, Duration.ZERO))
                    .authenticate(bearer(ofA))).as("BANK_JWKS_CACHE_TTL " + ttl).doesNotThrowAnyException();
        }
    }

    private void followRotation(TokenVerifier verifier, Consumer<JWK[]> publish) throws Exception {
        assertThat(verifier.authenticate(bearer(ofA)).ownerReference()).isEqualTo("signed-by-a");

        publish.accept(new JWK[] {RSA, RSA_NEXT});

        assertThat(verifier.authenticate(bearer(ofB)).ownerReference()).isEqualTo("signed-by-b");
        assertThat(verifier.authenticate(bearer(ofA)).ownerReference()).isEqualTo("signed-by-a");

        publish.accept(new JWK[] {RSA_NEXT});

        long deadline = System.nanoTime() + REMOVAL_DEADLINE.toNanos();
        while (isAccepted(verifier, ofA) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThatThrownBy(() -> verifier.authenticate(bearer(ofA)))
                .as("a token of the removed key A, once the cached keys have expired")
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("no key of the bank's JWKS matches");
        assertThat(verifier.authenticate(bearer(ofB)).ownerReference()).isEqualTo("signed-by-b");
    }

    private static boolean isAccepted(TokenVerifier verifier, String token) {
        try {
            verifier.authenticate(bearer(token));
            return true;
        } catch (TokenRejectedException e) {
            return false;
        }
    }
}
