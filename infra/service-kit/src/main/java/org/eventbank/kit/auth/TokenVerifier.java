package org.eventbank.kit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer access tokens (RFC 6750, RFC 9068) with Nimbus JOSE+JWT and says who is calling:
 * <ul>
 *   <li>the signature, RS256 or ES256 only, with a key of the matching type from the JWKS at {@code BANK_JWKS_URI};
 *       keys are cached ({@code BANK_JWKS_CACHE_TTL}) and a token with an unknown {@code kid} makes the JWKS be fetched
 *       again at most twice per {@code BANK_JWKS_REFETCH_MIN_INTERVAL} (Nimbus' rate-limited source), never per request;
 *   <li>unsigned ({@code none}), encrypted and HMAC-signed tokens are refused, and so are tokens that name their own
 *       keys ({@code jku}, {@code x5u}, {@code jwk} headers): keys come from the bank's JWKS only;
 *   <li>{@code typ}: {@code at+jwt} (RFC 9068), {@code application/at+jwt}, {@code JWT} or none (several providers
 *       send {@code JWT}; an ID token, also {@code JWT}, is still refused by its audience); anything else is refused;
 *   <li>{@code iss} exactly {@code BANK_TOKEN_ISSUER}, {@code aud} containing {@code BANK_TOKEN_AUDIENCE}, {@code exp}
 *       required, {@code exp} and {@code nbf} with {@code BANK_TOKEN_CLOCK_SKEW};
 *   <li>the owner claim ({@code BANK_OWNER_CLAIM}) a string of 1-200 characters; scopes from {@code scope}
 *       (space-separated) or {@code scp} (an array, or a string); the client from {@code client_id} or {@code azp}.
 * </ul>
 * Thread-safe: one instance serves every request of a service.
 */
public final class TokenVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** RFC 6750's b64token, bounded: a header longer than this is not a token this bank issued or accepts. */
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer +([A-Za-z0-9\\-._~+/]+=*)");
    private static final int TOKEN_LENGTH_MAX = 16_384;
    private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
    private static final int JWKS_READ_TIMEOUT_MS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String ownerClaim;

    /** Verifies with keys from {@code keys}; {@link #fromSettings} builds the cached, rate-limited source. */
    public TokenVerifier(AuthSettings settings, JWKSource<SecurityContext> keys) {
        this.ownerClaim = settings.ownerClaim();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt"), JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", ownerClaim), null);
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** A verifier reading the JWKS at {@code settings.jwksUri()}, cached and rate-limited as the settings say. */
    public static TokenVerifier fromSettings(AuthSettings settings) {
        URL url;
        try {
            url = settings.jwksUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("BANK_JWKS_URI is not a URL: " + settings.jwksUri(), e);
        }
        ResourceRetriever retriever = "file".equalsIgnoreCase(url.getProtocol())
                ? TokenVerifier::readFile
                : new DefaultResourceRetriever(JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_SIZE_LIMIT_BYTES);
        long cacheTtl = settings.jwksCacheTtl().toMillis();
        JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(cacheTtl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .rateLimited(settings.jwksRefetchMinInterval().toMillis());
        // Nimbus refreshes the cached keys ahead of expiry by default (30 s before it, with a 15 s refresh timeout), and
        // refuses to build a source whose TTL leaves no room for that: a shorter BANK_JWKS_CACHE_TTL, which the settings
        // allow from PT1S, fetches the keys again on expiry instead.
        if (cacheTtl < JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME + JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT) {
            builder.refreshAheadCache(false);
        }
        JWKSource<SecurityContext> keys = builder.build();
        if (settings.devMode()) {
            log.warn("BANK_AUTH_DEV=true: accepting tokens of the local issuer {} signed by the keys at {}; for a local run"
                    + " only, never in production", settings.issuer(), settings.jwksUri());
        } else {
            log.info("accepting bearer tokens of {} for audience {}, keys from {}", settings.issuer(), settings.audience(),
                    settings.jwksUri());
        }
        return new TokenVerifier(settings, keys);
    }

    private static Resource readFile(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readNBytes(JWKS_SIZE_LIMIT_BYTES + 1);
            if (bytes.length > JWKS_SIZE_LIMIT_BYTES) {
                throw new IOException(url + " is larger than " + JWKS_SIZE_LIMIT_BYTES + " bytes: not a JWKS");
            }
            return new Resource(new String(bytes, StandardCharsets.UTF_8), "application/json");
        }
    }

    /**
     * The caller of a request whose {@code Authorization} header is {@code authorization}.
     *
     * @throws TokenRejectedException the token is missing or does not authenticate anyone (401)
     * @throws KeysUnavailableException the token may be good but the keys to check it cannot be fetched (503)
     */
    public Caller authenticate(Optional<String> authorization) throws TokenRejectedException {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            throw new TokenRejectedException("this request needs an access token: send Authorization: Bearer <token>", false);
        }
        String header = authorization.get().strip();
        if (header.length() > TOKEN_LENGTH_MAX) {
            throw new TokenRejectedException("the Authorization header is longer than " + TOKEN_LENGTH_MAX + " characters", true);
        }
        var matcher = BEARER.matcher(header);
        if (!matcher.matches()) {
            throw new TokenRejectedException("the Authorization header must be 'Bearer <token>'", true);
        }
        JWTClaimsSet claims = verify(matcher.group(1));
        return callerOf(claims);
    }

    private JWTClaimsSet verify(String token) throws TokenRejectedException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException("the token is not a JWT", true);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejectedException("the token is not signed (or is encrypted): only RS256 and ES256 signed"
                    + " tokens are accepted", true);
        }
        JWSHeader header = signed.getHeader();
        if (header.getJWKURL() != null || header.getX509CertURL() != null || header.getJWK() != null) {
            throw new TokenRejectedException("the token names its own key (jku, x5u or jwk header): keys come only from the"
                    + " bank's JWKS", true);
        }
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new TokenRejectedException("the token is signed with " + header.getAlgorithm()
                    + ": only RS256 and ES256 are accepted", true);
        }
        try {
            JWTClaimsSet claims = processor.process(signed, null);
            // Nimbus makes a numeric sub the string "42" as it parses the claims: the owner claim must be a string.
            Map<String, Object> payload = signed.getPayload().toJSONObject();
            if (payload == null || !(payload.get(ownerClaim) instanceof String)) {
                throw notAnOwnerReference();
            }
            return claims;
        } catch (RateLimitReachedException e) {
            throw new TokenRejectedException("no key of the bank's JWKS matches the token's kid", true);
        } catch (KeySourceException e) {
            throw new KeysUnavailableException("the signing keys (JWKS) cannot be fetched: " + e.getMessage(), e);
        } catch (BadJOSEException e) {
            throw new TokenRejectedException("the token was refused: " + reason(e), true);
        } catch (JOSEException e) {
            throw new TokenRejectedException("the token's signature cannot be checked: " + e.getMessage(), true);
        }
    }

    /** Nimbus' reasons, in the bank's words where they are terse. */
    private static String reason(BadJOSEException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("expired")) {
            return "it has expired";
        }
        if (lower.contains("before use time")) {
            return "it is not valid yet (nbf)";
        }
        if (lower.contains("aud claim") || lower.contains("audience")) {
            return "it is not meant for this API (aud)";
        }
        if (lower.contains("iss claim")) {
            return "it comes from another issuer (iss)";
        }
        if (lower.contains("no matching key")) {
            return "no key of the bank's JWKS matches it (kid and algorithm)";
        }
        if (lower.contains("invalid signature")) {
            return "its signature is not valid";
        }
        if (lower.contains("typ")) {
            // Not echoed: the header is the caller's text.
            return "its typ header is none of at+jwt, application/at+jwt and JWT";
        }
        return message;
    }

    private Caller callerOf(JWTClaimsSet claims) throws TokenRejectedException {
        Object owner = claims.getClaim(ownerClaim);
        if (!(owner instanceof String reference) || !Caller.isValidOwnerReference(reference)) {
            throw notAnOwnerReference();
        }
        return new Caller(reference, clientId(claims), scopes(claims));
    }

    private TokenRejectedException notAnOwnerReference() {
        return new TokenRejectedException("the token's '" + ownerClaim + "' claim is not an owner reference (a string of"
                + " 1-" + Caller.OWNER_REFERENCE_LENGTH_MAX + " characters)", true);
    }

    private static Optional<String> clientId(JWTClaimsSet claims) {
        for (String name : List.of("client_id", "azp")) {
            if (claims.getClaim(name) instanceof String value && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Set<Scope> scopes(JWTClaimsSet claims) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        addScopes(claims.getClaim("scope"), scopes);
        addScopes(claims.getClaim("scp"), scopes);
        return scopes;
    }

    private static void addScopes(Object claim, Set<Scope> scopes) {
        if (claim instanceof String text) {
            for (String value : text.split(" ")) {
                Scope.of(value).ifPresent(scopes::add);
            }
        } else if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof String text) {
                    Scope.of(text).ifPresent(scopes::add);
                }
            }
        }
    }

    /** The keys to verify a token with cannot be fetched: not the caller's fault (503, retry). */
    public static final class KeysUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeysUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
