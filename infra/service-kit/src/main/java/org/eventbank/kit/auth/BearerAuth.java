package org.eventbank.kit.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.kit.http.ProblemType;

/**
 * The one way both services authenticate a request: before every matched route but the open ones (health and the
 * OpenAPI document), the bearer token is verified ({@link TokenVerifier}) and the {@link Caller} kept on the request
 * for the handler. Refusals are problem documents with RFC 6750's {@code WWW-Authenticate}:
 * <ul>
 *   <li>401 {@code unauthorized}, {@code error="invalid_token"} (no error code when no token was sent at all, as
 *       RFC 6750 section 3.1 says);
 *   <li>403 {@code forbidden}, {@code error="insufficient_scope"} with the scopes that would do
 *       ({@link #require}, {@link #forbidden}).
 * </ul>
 * Unknown paths stay 404 and wrong methods 405 without a token: nothing about accounts is revealed by them.
 */
public final class BearerAuth {

    public static final ProblemType UNAUTHORIZED = ProblemType.of("unauthorized", 401);
    public static final ProblemType FORBIDDEN = ProblemType.of("forbidden", 403);
    /** RFC 6750's realm: one name for both services, which accept the same tokens. */
    public static final String REALM = "eventbank";
    /** Paths every caller may use without a token: an orchestrator's probes and the API's description. */
    public static final Set<String> OPEN_PATHS = Set.of("/health/live", "/health/ready", "/openapi.json");

    private static final String CALLER_ATTRIBUTE = "bank-caller";

    private BearerAuth() {
    }

    /** Authenticates every request to a matched route except {@link #OPEN_PATHS}. */
    public static void install(JavalinConfig config, TokenVerifier verifier) {
        config.routes.beforeMatched(ctx -> {
            if (OPEN_PATHS.contains(ctx.path())) {
                return;
            }
            try {
                ctx.attribute(CALLER_ATTRIBUTE, verifier.authenticate(Optional.ofNullable(ctx.header("Authorization"))));
            } catch (TokenRejectedException e) {
                String challenge = e.tokenPresent()
                        ? "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                                + quotable(e.getMessage()) + "\""
                        : "Bearer realm=\"" + REALM + "\"";
                throw new ProblemException(UNAUTHORIZED, e.getMessage(), Map.of("WWW-Authenticate", challenge));
            } catch (TokenVerifier.KeysUnavailableException e) {
                throw ProblemException.notReady(e.getMessage() + "; retry shortly");
            }
        });
    }

    /** The authenticated caller of this request; only on routes {@link #install} guards. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on " + ctx.path() + ": is BearerAuth installed?");
        }
        return caller;
    }

    /** The caller, if it holds at least one of {@code anyOf}; otherwise 403 forbidden naming them. */
    public static Caller require(Context ctx, Scope... anyOf) {
        Caller caller = caller(ctx);
        for (Scope scope : anyOf) {
            if (caller.has(scope)) {
                return caller;
            }
        }
        throw forbidden("this needs the scope " + names(anyOf, " or "), anyOf);
    }

    /** 403 forbidden, with the scopes that would allow it in the challenge. */
    public static ProblemException forbidden(String detail, Scope... wouldAllow) {
        String challenge = "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"" + names(wouldAllow, " ")
                + "\"";
        return new ProblemException(FORBIDDEN, detail, Map.of("WWW-Authenticate", challenge));
    }

    /** The request's {@code Authorization} header as it came: what a forwarded request carries on. */
    public static Optional<String> authorization(Context ctx) {
        return Optional.ofNullable(ctx.header("Authorization"));
    }

    private static String names(Scope[] scopes, String separator) {
        return Arrays.stream(scopes).map(Scope::value).collect(Collectors.joining(separator));
    }

    /** RFC 6750's error_description allows printable ASCII but '"' and '\'. */
    private static String quotable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? c : ' ');
        }
        return out.toString();
    }
}
