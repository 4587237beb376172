package org.eventbank.ledger.query;

import java.util.function.Function;

/**
 * What a read of this instance's stores gave: the value, or why it cannot be read here now
 * (starting, rebalancing, a store migrating or restoring, stopped). The edge answers the second
 * with 503 not-ready and Retry-After, never with a guess.
 */
public sealed interface Read<T> permits Read.Ok, Read.Unavailable {

    /** The stores were read. */
    record Ok<T>(T value) implements Read<T> {
    }

    /** The stores cannot be read here now; {@code reason} says why, in a sentence for the caller. */
    record Unavailable<T>(String reason) implements Read<T> {
    }

    static <T> Read<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Read<T> unavailable(String reason) {
        return new Unavailable<>(reason);
    }

    default <U> Read<U> map(Function<? super T, ? extends U> mapping) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapping.apply(ok.value()));
        }
        return new Unavailable<>(((Unavailable<T>) this).reason());
    }

    default <U> Read<U> flatMap(Function<? super T, Read<U>> next) {
        if (this instanceof Ok<T> ok) {
            return next.apply(ok.value());
        }
        return new Unavailable<>(((Unavailable<T>) this).reason());
    }
}
