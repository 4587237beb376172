package org.eventbank.kit.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;

/**
 * How both services verify bearer tokens (issue 14, decision 0015), read once at start-up:
 * <ul>
 *   <li>{@code BANK_JWKS_URI}: where the identity provider publishes its signing keys (a JWKS): {@code https://},
 *       {@code http://} only on a loopback address, or {@code file:}. Required, unless {@code BANK_AUTH_DEV=true}.
 *   <li>{@code BANK_TOKEN_ISSUER}: the exact {@code iss} of accepted tokens. Required, unless {@code BANK_AUTH_DEV=true}.
 *   <li>{@code BANK_TOKEN_AUDIENCE}: a value the token's {@code aud} must contain. Required, unless
 *       {@code BANK_AUTH_DEV=true}.
 *   <li>{@code BANK_OWNER_CLAIM}, default {@code sub}: the claim that names the caller as an owner reference.
 *   <li>{@code BANK_TOKEN_CLOCK_SKEW}, ISO-8601, default {@code PT30S}, at most {@code PT5M}: how far {@code exp} and
 *       {@code nbf} are stretched for clocks that differ.
 *   <li>{@code BANK_JWKS_CACHE_TTL}, default {@code PT5M}: how long fetched keys are used before the JWKS is fetched
 *       again.
 *   <li>{@code BANK_JWKS_REFETCH_MIN_INTERVAL}, default {@code PT30S}: a token with an unknown {@code kid} makes the
 *       keys be fetched again at once (a rotation), but at most twice per this interval, however many such tokens come.
 *   <li>{@code BANK_AUTH_DEV}, default {@code false}: accept the local issuer of {@code ./bank up}
 *       ({@value LocalIssuer#ISSUER}); then the three required settings default to its keys in
 *       {@code BANK_DATA_DIR/auth/jwks.json} ({@code BANK_DATA_DIR} default {@code ./data}), its issuer and its
 *       audience ({@value LocalIssuer#AUDIENCE}). Without it, that issuer is refused at start.
 * </ul>
 */
public record AuthSettings(URI jwksUri, String issuer, String audience, String ownerClaim, Duration clockSkew,
                           Duration jwksCacheTtl, Duration jwksRefetchMinInterval, boolean devMode) {

    public static final String DEFAULT_OWNER_CLAIM = "sub";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration CLOCK_SKEW_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_REFETCH_MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Path DEFAULT_DATA_DIR = Path.of("./data");

    public AuthSettings {
        requireUsableJwksUri(jwksUri);
        SettingException.require(issuer != null && !issuer.isBlank(), "BANK_TOKEN_ISSUER", "the issuer's exact iss value",
                issuer);
        SettingException.require(devMode || !LocalIssuer.ISSUER.equals(issuer), "BANK_TOKEN_ISSUER",
                "another issuer than the local one of ./bank up (" + LocalIssuer.ISSUER + "), or BANK_AUTH_DEV=true for a"
                        + " local run", issuer);
        SettingException.require(audience != null && !audience.isBlank(), "BANK_TOKEN_AUDIENCE",
                "the audience the provider puts in aud for this API", audience);
        SettingException.require(ownerClaim != null && ownerClaim.matches("[A-Za-z0-9_:./-]{1,100}"), "BANK_OWNER_CLAIM",
                "a claim name such as sub", ownerClaim);
        SettingException.require(!clockSkew.isNegative() && clockSkew.compareTo(CLOCK_SKEW_MAX) <= 0,
                "BANK_TOKEN_CLOCK_SKEW", "a duration up to " + CLOCK_SKEW_MAX, clockSkew);
        SettingException.require(jwksCacheTtl.compareTo(Duration.ofSeconds(1)) >= 0, "BANK_JWKS_CACHE_TTL",
                "at least PT1S", jwksCacheTtl);
        SettingException.require(!jwksRefetchMinInterval.isNegative() && jwksRefetchMinInterval.compareTo(jwksCacheTtl) < 0,
                "BANK_JWKS_REFETCH_MIN_INTERVAL", "a duration shorter than BANK_JWKS_CACHE_TTL", jwksRefetchMinInterval);
    }

    /** The settings of a service verifying the tokens of the local issuer whose keys are under {@code dataDir}. */
    public static AuthSettings localIssuer(Path dataDir) {
        return new AuthSettings(LocalIssuer.jwksFile(dataDir).toUri(), LocalIssuer.ISSUER, LocalIssuer.AUDIENCE,
                DEFAULT_OWNER_CLAIM, DEFAULT_CLOCK_SKEW, DEFAULT_JWKS_CACHE_TTL, DEFAULT_JWKS_REFETCH_MIN_INTERVAL, true);
    }

    public static AuthSettings fromEnvironment(Env env) {
        boolean devMode = env.flag("BANK_AUTH_DEV", false);
        String jwks;
        String issuer;
        String audience;
        if (devMode) {
            Path dataDir = env.path("BANK_DATA_DIR", DEFAULT_DATA_DIR);
            jwks = env.text("BANK_JWKS_URI", LocalIssuer.jwksFile(dataDir).toUri().toString());
            issuer = env.text("BANK_TOKEN_ISSUER", LocalIssuer.ISSUER);
            audience = env.text("BANK_TOKEN_AUDIENCE", LocalIssuer.AUDIENCE);
        } else {
            jwks = required(env, "BANK_JWKS_URI");
            issuer = required(env, "BANK_TOKEN_ISSUER");
            audience = required(env, "BANK_TOKEN_AUDIENCE");
        }
        URI jwksUri;
        try {
            jwksUri = new URI(jwks);
        } catch (URISyntaxException e) {
            throw SettingException.of("BANK_JWKS_URI", "a URI (https://..., http://localhost..., file:...)", jwks);
        }
        return new AuthSettings(jwksUri, issuer, audience, env.text("BANK_OWNER_CLAIM", DEFAULT_OWNER_CLAIM),
                env.duration("BANK_TOKEN_CLOCK_SKEW", DEFAULT_CLOCK_SKEW),
                env.duration("BANK_JWKS_CACHE_TTL", DEFAULT_JWKS_CACHE_TTL),
                env.duration("BANK_JWKS_REFETCH_MIN_INTERVAL", DEFAULT_JWKS_REFETCH_MIN_INTERVAL), devMode);
    }

    private static String required(Env env, String name) {
        return env.value(name).orElseThrow(() -> new SettingException(name + " is not set. Every request needs a bearer"
                + " token: set BANK_JWKS_URI, BANK_TOKEN_ISSUER and BANK_TOKEN_AUDIENCE for your identity provider (README,"
                + " \"A real identity provider\"), or BANK_AUTH_DEV=true with BANK_DATA_DIR naming the data folder of"
                + " ./bank up to accept the local bank's tokens (./bank token)"));
    }

    private static void requireUsableJwksUri(URI uri) {
        String form = "https://..., http:// only on a loopback address, or file:...";
        SettingException.require(uri != null && uri.getScheme() != null, "BANK_JWKS_URI", form, uri);
        switch (uri.getScheme().toLowerCase(java.util.Locale.ROOT)) {
            case "https", "file" -> {
            }
            case "http" -> SettingException.require(isLoopback(uri.getHost()), "BANK_JWKS_URI",
                    form + " (plain http would let anyone on the path swap the keys)", uri);
            default -> throw SettingException.of("BANK_JWKS_URI", form, uri);
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: no name lookup at start-up, and a name could later resolve elsewhere.
        if (!host.matches("[0-9.]+|\\[?[0-9A-Fa-f:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
