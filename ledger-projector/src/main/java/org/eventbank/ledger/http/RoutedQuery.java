package org.eventbank.ledger.http;

import java.time.Duration;
import java.util.OptionalInt;

import io.javalin.http.Context;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.ledger.query.KeyRouter;
import org.eventbank.ledger.query.Route;

/**
 * The shared first step of every account query (and, with the transfers' router, of a transfer query): answer here when
 * this instance owns the key,
 * relay the owner's answer when another does, 503 when nobody can answer now. The caller is
 * authenticated before (every account route is guarded), and a relayed query carries the caller's own
 * token: the owner authenticates it again and decides whether the caller may read the account, since
 * only the owner holds the account and its owner reference.
 *
 * <p>A relayed query is answered synchronously: the forwarding instance's server thread waits for the owner's answer,
 * bounded by the forward timeout plus, for a minVersion query, the wait the owner may take
 * ({@code BANK_FORWARD_TIMEOUT_MS} + {@code BANK_MIN_VERSION_WAIT_MS_MAX}). Only the owner's wait is asynchronous
 * ({@link VersionWaits}), and only the owner's waiters count against its {@code BANK_MIN_VERSION_WAITERS_MAX}.
 */
final class RoutedQuery {

    private final KeyRouter router;
    private final Forwarder forwarder;
    private final Duration forwardTimeout;
    private final String keyName;

    RoutedQuery(KeyRouter router, Forwarder forwarder, Duration forwardTimeout) {
        this(router, forwarder, forwardTimeout, "account");
    }

    /** @param keyName what the key names, for the answers' details: "account" or "transfer" */
    RoutedQuery(KeyRouter router, Forwarder forwarder, Duration forwardTimeout, String keyName) {
        this.router = router;
        this.forwarder = forwarder;
        this.forwardTimeout = forwardTimeout;
        this.keyName = keyName;
    }

    /**
     * @param ownerWait how long the owner may take on top of the forward timeout (a minVersion wait)
     * @return the local partition to read, or empty when the answer was relayed from the owner
     */
    OptionalInt localPartitionOrRelay(Context ctx, String key, Duration ownerWait) {
        Route route = router.route(key);
        if (route instanceof Route.Local local) {
            return OptionalInt.of(local.partition());
        } else if (route instanceof Route.Unavailable unavailable) {
            throw LedgerProjectorProblems.notReady(unavailable.reason());
        } else if (route instanceof Route.Remote remote) {
            if (ctx.header(Forwarder.FORWARDED_HEADER) != null) {
                throw LedgerProjectorProblems.notReady("ownership of " + keyName + " " + key + " is moving (forwarded here by "
                        + ctx.header(Forwarder.FORWARDED_HEADER) + ", owned by " + remote.authority() + ")");
            }
            String query = ctx.queryString();
            Forwarder.Answer answer = forwarder.get(remote, ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query),
                    forwardTimeout.plus(ownerWait), BearerAuth.authorization(ctx));
            Forwarder.relay(ctx, answer);
            return OptionalInt.empty();
        }
        throw new IllegalStateException("unknown route " + route);
    }

    Route route(String accountId) {
        return router.route(accountId);
    }
}
