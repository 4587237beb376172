package org.eventbank.platform.token;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.Scope;
import org.eventbank.platform.launch.LaunchOptions;

/**
 * What {@code ./bank token} mints, from flags first, then environment variables, then defaults.
 *
 * @param subject {@code --subject}, default {@value #DEFAULT_SUBJECT}: the token's {@code sub}, which the services take as
 *                the caller's owner reference (their default {@code BANK_OWNER_CLAIM}); 1-200 characters, and not an
 *                e-mail address: the ledger keeps owner references forever, so they are pseudonyms
 * @param scopes  {@code --scope "..."}, space-separated, default all four ({@link LocalIssuer#allScopes()}: a teller and
 *                auditor); each must be one of the bank's scopes ({@link Scope}); an empty value mints a token with none
 * @param ttl     {@code --ttl}, default {@code 1h}: how long the token is valid, as {@code 30s}, {@code 15m}, {@code 1h} or
 *                {@code 2d}; from 1 second to {@link #TTL_MAX}
 * @param dataDir {@code --data-dir}, else {@code BANK_DATA_DIR}, default {@code ./data}: the data folder of the
 *                {@code ./bank up} whose signing key ({@code auth/signing-key.jwk}) signs the token
 */
public record TokenOptions(String subject, List<Scope> scopes, Duration ttl, Path dataDir) {

    public static final String DEFAULT_SUBJECT = "dev";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** A local token is for trying things; one that outlives a month is a leaked password waiting to happen. */
    public static final Duration TTL_MAX = Duration.ofDays(30);

    public static final String USAGE = """
            usage: bank token [--subject S] [--scope "..."] [--ttl DURATION] [--data-dir DIR]
              prints a signed access token for the local bank of ./bank up (only the token: TOKEN=$(./bank token))
              --subject   the caller's owner reference, a pseudonym (default dev)
              --scope     space-separated, of accounts:read accounts:write bank:teller bank:auditor
                          (default all four: a teller and auditor)
              --ttl       how long it is valid: 30s, 15m, 1h, 2d; at most 30d (default 1h)
              --data-dir  the data folder of ./bank up, which holds the signing key (env BANK_DATA_DIR, default ./data)""";

    private static final Pattern TTL = Pattern.compile("([0-9]{1,9})([smhd])");

    public TokenOptions {
        if (!Caller.isValidOwnerReference(subject)) {
            throw new IllegalArgumentException("--subject must be 1-" + Caller.OWNER_REFERENCE_LENGTH_MAX
                    + " characters, not blank, without control characters");
        }
        if (subject.contains("@")) {
            throw new IllegalArgumentException("--subject '" + subject + "' looks like an e-mail address: the subject is"
                    + " the owner reference the ledger keeps forever, so it must be a pseudonym such as customer-42");
        }
        scopes = List.copyOf(scopes);
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(TTL_MAX) > 0) {
            throw new IllegalArgumentException("--ttl must be from 1s to 30d, not " + ttl);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public static TokenOptions parse(List<String> args, Env env) {
        String subject = DEFAULT_SUBJECT;
        List<Scope> scopes = scopes(LocalIssuer.allScopes());
        Duration ttl = DEFAULT_TTL;
        String dataDir = env.text("BANK_DATA_DIR", LaunchOptions.DEFAULT_DATA_DIR);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!seen.add(flag)) {
                throw new IllegalArgumentException(flag + " is given twice");
            }
            switch (flag) {
                case "--subject" -> subject = valueAfter(args, ++i, flag);
                case "--scope" -> scopes = scopes(valueAfter(args, ++i, flag));
                case "--ttl" -> ttl = ttl(valueAfter(args, ++i, flag));
                case "--data-dir" -> dataDir = valueAfter(args, ++i, flag);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        return new TokenOptions(subject, scopes, ttl, Path.of(dataDir));
    }

    /** The scopes as the token carries them. */
    public List<String> scopeValues() {
        return scopes.stream().map(Scope::value).toList();
    }

    /** {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d}. */
    static Duration ttl(String text) {
        Matcher matcher = TTL.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--ttl must be a whole number and a unit, s, m, h or d (30s, 15m, 1h, 2d),"
                    + " not '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration ttl = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (ttl.isZero() || ttl.compareTo(TTL_MAX) > 0) {
            throw new IllegalArgumentException("--ttl must be from 1s to 30d, not '" + text + "'");
        }
        return ttl;
    }

    static List<Scope> scopes(String text) {
        Set<Scope> scopes = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String value : text.trim().split("\\s+")) {
            if (value.isEmpty()) {
                continue;
            }
            Scope.of(value).ifPresentOrElse(scopes::add, () -> unknown.add(value));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--scope: unknown scope " + String.join(", ", unknown) + "; the bank's"
                    + " scopes are " + LocalIssuer.allScopes());
        }
        return List.copyOf(scopes);
    }

    private static String valueAfter(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(index);
    }
}
