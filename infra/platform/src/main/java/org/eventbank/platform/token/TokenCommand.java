package org.eventbank.platform.token;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.LocalIssuer;

/**
 * {@code ./bank token}: prints one access token for the local bank of {@code ./bank up}, signed with the key pair
 * {@code ./bank up} made in its data folder ({@link LocalIssuer}), and nothing else on standard output, so
 * {@code TOKEN=$(./bank token)} works. Options: {@link TokenOptions}.
 *
 * <p>It never makes a key pair itself: a token signed by a key no running bank knows would only be refused, and a
 * mistyped {@code --data-dir} would go unnoticed. Without a key it says to start {@code ./bank up} (which makes it)
 * or to name the data folder that bank uses.
 *
 * <p>Exit codes: 0 printed, 1 no signing key in the data folder, 2 bad usage.
 */
public final class TokenCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_NO_KEY = 1;
    public static final int EXIT_USAGE = 2;

    private TokenCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), Env.system(), System.out, System.err));
    }

    /** Mints and prints the token; returns the exit code. */
    public static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(TokenOptions.USAGE);
            return EXIT_OK;
        }
        TokenOptions options;
        try {
            options = TokenOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("bank token: " + e.getMessage());
            err.println(TokenOptions.USAGE);
            return EXIT_USAGE;
        }
        LocalIssuer issuer;
        try {
            issuer = LocalIssuer.open(options.dataDir());
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println("bank token: " + e.getMessage());
            return EXIT_NO_KEY;
        }
        out.println(issuer.mint(options.subject(), options.scopeValues(), options.ttl()));
        out.flush();
        return EXIT_OK;
    }
}
