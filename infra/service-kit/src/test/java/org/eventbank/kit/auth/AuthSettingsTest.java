package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.junit.jupiter.api.Test;

/** The auth settings from the environment: what a service refuses to start with, and the defaults. */
class AuthSettingsTest {

    private static final Map<String, String> PROVIDER = Map.of(
            "BANK_JWKS_URI", "https://login.example.com/realms/bank/protocol/openid-connect/certs",
            "BANK_TOKEN_ISSUER", "https://login.example.com/realms/bank",
            "BANK_TOKEN_AUDIENCE", "eventbank-api");

    @Test
    void shouldRefuseToStartWithoutAJwksUriOutsideDevModeNamingTheWayOut() {
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(Env.of(Map.of())))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("BANK_JWKS_URI")
                .hasMessageContaining("BANK_AUTH_DEV");
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(Env.of(Map.of("BANK_AUTH_DEV", "false", "BANK_JWKS_URI", " "))))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("BANK_JWKS_URI is not set");
    }

    @Test
    void shouldRefuseToStartWithoutIssuerOrAudienceOutsideDevMode() {
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_ISSUER", ""))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_TOKEN_ISSUER is not set");
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_AUDIENCE", ""))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_TOKEN_AUDIENCE is not set");
    }

    @Test
    void shouldReadAProviderWithTheDefaults() {
        AuthSettings settings = AuthSettings.fromEnvironment(Env.of(PROVIDER));

        assertThat(settings).isEqualTo(new AuthSettings(URI.create(PROVIDER.get("BANK_JWKS_URI")),
                "https://login.example.com/realms/bank", "eventbank-api", "sub", Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(30), false));
    }

    @Test
    void shouldReadEverySetting() {
        AuthSettings settings = AuthSettings.fromEnvironment(env(Map.of("BANK_OWNER_CLAIM", "customer_ref",
                "BANK_TOKEN_CLOCK_SKEW", "PT10S", "BANK_JWKS_CACHE_TTL", "PT1H", "BANK_JWKS_REFETCH_MIN_INTERVAL", "PT1M")));

        assertThat(settings.ownerClaim()).isEqualTo("customer_ref");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.jwksCacheTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.jwksRefetchMinInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRefusePlainHttpJwksOnAHostThatIsNotLoopback() {
        for (String uri : new String[] {"http://login.example.com/certs", "http://10.0.0.7:8080/certs",
                "http://localhost.attacker.example/certs", "http://127.0.0.1.nip.io/certs", "http:/certs"}) {
            assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_URI", uri)))).as(uri)
                    .isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("BANK_JWKS_URI must be")
                    .hasMessageContaining(uri);
        }
    }

    @Test
    void shouldAcceptPlainHttpJwksOnLoopback() {
        for (String uri : new String[] {"http://127.0.0.1:8180/certs", "http://localhost/certs",
                "http://LOCALHOST:8180/certs", "http://[::1]:8180/certs", "http://127.0.0.2/certs"}) {
            assertThat(AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_URI", uri))).jwksUri()).as(uri)
                    .isEqualTo(URI.create(uri));
        }
    }

    @Test
    void shouldAcceptHttpsAndFileJwks() {
        for (String uri : new String[] {"https://login.example.com/certs", "file:/etc/bank/jwks.json",
                "file:///etc/bank/jwks.json"}) {
            assertThat(AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_URI", uri))).jwksUri()).as(uri)
                    .isEqualTo(URI.create(uri));
        }
    }

    @Test
    void shouldRefuseOtherJwksSchemes() {
        for (String uri : new String[] {"ftp://login.example.com/certs", "jar:file:/x.jar!/jwks.json", "/etc/jwks.json",
                "login.example.com/certs", "https://bad host/certs"}) {
            assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_URI", uri)))).as(uri)
                    .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_JWKS_URI must be");
        }
    }

    @Test
    void shouldRefuseTheLocalIssuerOutsideDevMode() {
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_ISSUER", LocalIssuer.ISSUER))))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("BANK_TOKEN_ISSUER must be another issuer than the local one")
                .hasMessageContaining("BANK_AUTH_DEV=true");
    }

    @Test
    void shouldAcceptTheLocalIssuerInDevMode() {
        AuthSettings settings = AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_ISSUER", LocalIssuer.ISSUER,
                "BANK_AUTH_DEV", "true")));

        assertThat(settings.issuer()).isEqualTo(LocalIssuer.ISSUER);
        assertThat(settings.devMode()).isTrue();
    }

    @Test
    void shouldDefaultToTheLocalIssuersKeysInTheDataFolderInDevMode() {
        AuthSettings settings = AuthSettings.fromEnvironment(Env.of(Map.of("BANK_AUTH_DEV", "true", "BANK_DATA_DIR", "/x")));

        assertThat(settings.jwksUri().getScheme()).isEqualTo("file");
        assertThat(settings.jwksUri().getPath()).isEqualTo("/x/auth/jwks.json");
        assertThat(Path.of(settings.jwksUri())).isEqualTo(Path.of("/x/auth/jwks.json"));
        assertThat(settings.issuer()).isEqualTo(LocalIssuer.ISSUER);
        assertThat(settings.audience()).isEqualTo(LocalIssuer.AUDIENCE);
        assertThat(settings.devMode()).isTrue();
        assertThat(settings).isEqualTo(AuthSettings.localIssuer(Path.of("/x")));
    }

    @Test
    void shouldDefaultToTheDataFolderOfBankUpInDevMode() {
        AuthSettings settings = AuthSettings.fromEnvironment(Env.of(Map.of("BANK_AUTH_DEV", "true")));

        assertThat(Path.of(settings.jwksUri()).normalize())
                .isEqualTo(Path.of("./data/auth/jwks.json").toAbsolutePath().normalize());
    }

    @Test
    void shouldLetDevModeUseARealProviderToo() {
        Map<String, String> variables = new HashMap<>(PROVIDER);
        variables.put("BANK_AUTH_DEV", "true");

        assertThat(AuthSettings.fromEnvironment(Env.of(variables)).issuer()).isEqualTo("https://login.example.com/realms/bank");
    }

    @Test
    void shouldRefuseADevModeFlagThatIsNotABoolean() {
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(Env.of(Map.of("BANK_AUTH_DEV", "yes"))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_AUTH_DEV must be true or false");
    }

    @Test
    void shouldBoundTheClockSkewFromZeroToFiveMinutes() {
        assertThat(AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_CLOCK_SKEW", "PT5M"))).clockSkew())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_CLOCK_SKEW", "PT1S"))).clockSkew())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(withSkew(Duration.ZERO).clockSkew()).isZero();

        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_CLOCK_SKEW", "PT5M1S"))))
                .isInstanceOf(SettingException.class)
                .hasMessage("BANK_TOKEN_CLOCK_SKEW must be a duration up to PT5M, not 'PT5M1S'");
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_TOKEN_CLOCK_SKEW", "-PT1S"))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_TOKEN_CLOCK_SKEW must be");
        assertThatThrownBy(() -> withSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_TOKEN_CLOCK_SKEW must be a duration up to PT5M");
    }

    @Test
    void shouldRefuseARefetchIntervalThatIsNotShorterThanTheCacheTtl() {
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_CACHE_TTL", "PT30S"))))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("BANK_JWKS_REFETCH_MIN_INTERVAL must be a duration shorter than BANK_JWKS_CACHE_TTL");
        assertThat(AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_CACHE_TTL", "PT31S"))).jwksCacheTtl())
                .isEqualTo(Duration.ofSeconds(31));
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_JWKS_CACHE_TTL", "PT0.5S",
                "BANK_JWKS_REFETCH_MIN_INTERVAL", "PT0.1S"))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_JWKS_CACHE_TTL must be at least PT1S");
    }

    @Test
    void shouldRefuseAnOwnerClaimThatIsNotAClaimName() {
        assertThatThrownBy(() -> AuthSettings.fromEnvironment(env(Map.of("BANK_OWNER_CLAIM", "customer ref"))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_OWNER_CLAIM must be a claim name");
        assertThat(AuthSettings.fromEnvironment(env(Map.of("BANK_OWNER_CLAIM", "https://bank.example/customer_ref")))
                .ownerClaim()).isEqualTo("https://bank.example/customer_ref");
    }

    /** The provider's settings with {@code overrides}. */
    private static Env env(Map<String, String> overrides) {
        Map<String, String> variables = new HashMap<>(PROVIDER);
        variables.putAll(overrides);
        return Env.of(variables);
    }

    private static AuthSettings withSkew(Duration skew) {
        AuthSettings settings = AuthSettings.fromEnvironment(Env.of(PROVIDER));
        return new AuthSettings(settings.jwksUri(), settings.issuer(), settings.audience(), settings.ownerClaim(), skew,
                settings.jwksCacheTtl(), settings.jwksRefetchMinInterval(), false);
    }
}
