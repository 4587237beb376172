package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.kit.auth.TestTokens.RSA;
import static org.eventbank.kit.auth.TestTokens.bearer;
import static org.eventbank.kit.auth.TestTokens.claims;
import static org.eventbank.kit.auth.TestTokens.header;
import static org.eventbank.kit.auth.TestTokens.sign;

import com.nimbusds.jose.jwk.ECKey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tokens with made-up kids, each of which would make a naive verifier fetch the JWKS again, cannot make the service
 * hammer its identity provider: with the default settings (keys cached PT5M, fetched again for an unknown kid at most
 * twice per PT30S) 500 such tokens cost the first load and at most two more fetches. (Nimbus 10.10 makes it two in
 * all: its limiter lets two fetches through per interval, the first load included.)
 */
class UnknownKidStormTest {

    private static final int TOKENS = 500;
    private static final int FETCHES_MAX = 3;
    /** Signed once for both tests: each has a verifier and a JWKS server of its own. */
    private static final List<String> STORM = forgedTokens();

    @Test
    void shouldRefuse500TokensOfUnknownKidsWithAtMostThreeJwksFetches() throws Exception {
        try (JwksServer idp = JwksServer.serving(RSA)) {
            TokenVerifier verifier = TokenVerifier.fromSettings(TestTokens.settings(idp.uri()));

            for (String token : STORM) {
                assertThatThrownBy(() -> verifier.authenticate(bearer(token))).isInstanceOf(TokenRejectedException.class)
                        .hasMessageContaining("no key of the bank's JWKS matches");
                if (idp.fetches() > FETCHES_MAX) {
                    break; // failed already: no need to wait for hundreds more fetches
                }
            }

            assertThat(idp.fetches()).as("JWKS fetches for %d unknown kids", TOKENS).isBetween(1, FETCHES_MAX);
            assertThat(verifier.authenticate(bearer(TestTokens.token())).ownerReference())
                    .as("a good token after the storm").isEqualTo(TestTokens.SUBJECT);
            assertThat(idp.fetches()).isBetween(1, FETCHES_MAX);
        }
    }

    @Test
    void shouldRefuse500TokensOfUnknownKidsFromManyThreadsWithAtMostThreeJwksFetches() throws Exception {
        try (JwksServer idp = JwksServer.serving(RSA)) {
            TokenVerifier verifier = TokenVerifier.fromSettings(TestTokens.settings(idp.uri()));
            assertThat(verifier.authenticate(bearer(TestTokens.token())).ownerReference()).isEqualTo(TestTokens.SUBJECT);
            AtomicInteger refused = new AtomicInteger();

            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (String token : STORM) {
                    done.add(threads.submit(() -> {
                        if (idp.fetches() > FETCHES_MAX) {
                            return; // failed already, see below: no need to wait for hundreds more fetches
                        }
                        assertThatThrownBy(() -> verifier.authenticate(bearer(token)))
                                .isInstanceOf(TokenRejectedException.class)
                                .hasMessageContaining("no key of the bank's JWKS matches");
                        refused.incrementAndGet();
                    }));
                }
                for (Future<?> each : done) {
                    each.get();
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(idp.fetches()).as("JWKS fetches for %d unknown kids", TOKENS).isBetween(1, FETCHES_MAX);
            assertThat(refused).hasValue(TOKENS);
        }
    }

    /** Tokens signed by a key the JWKS does not hold (ES256: quicker to sign 500 times), each under a kid of its own. */
    private static List<String> forgedTokens() {
        ECKey forger = TestTokens.ec("forger");
        return IntStream.range(0, TOKENS)
                .mapToObj(i -> sign(header(forger).keyID(UUID.randomUUID().toString()).build(), claims().build(), forger))
                .toList();
    }
}
