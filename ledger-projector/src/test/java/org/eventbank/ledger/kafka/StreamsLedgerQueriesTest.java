package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Read;
import org.junit.jupiter.api.Test;

/**
 * The port's refusals are values: a store that moved or closed between routing and reading (Kafka's
 * InvalidStateStoreException) is answered as {@link Read.Unavailable}, never thrown to the edge; an
 * account that is not there is an empty answer.
 */
class StreamsLedgerQueriesTest {

    /** A store every call of which fails as a migrated store does. */
    @SuppressWarnings("unchecked")
    private static <K, V> ReadOnlyKeyValueStore<K, V> migrated() {
        return (ReadOnlyKeyValueStore<K, V>) Proxy.newProxyInstance(StreamsLedgerQueriesTest.class.getClassLoader(),
                new Class<?>[] {ReadOnlyKeyValueStore.class}, (proxy, method, args) -> {
                    throw new InvalidStateStoreException("migrated");
                });
    }

    /** A store without any key. */
    @SuppressWarnings("unchecked")
    private static <K, V> ReadOnlyKeyValueStore<K, V> empty() {
        return (ReadOnlyKeyValueStore<K, V>) Proxy.newProxyInstance(StreamsLedgerQueriesTest.class.getClassLoader(),
                new Class<?>[] {ReadOnlyKeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void shouldAnswerAStoreThatMovedAsUnavailableNotAsAnException() {
        LedgerQueries queries = StreamsLedgerQueries.overStores(0, migrated(), migrated(), migrated());

        Read<?> expected = Read.unavailable("the stores of partition 0 cannot be read here now: migrated");
        assertThat(queries.balance(0, "acc-1")).isEqualTo(expected);
        assertThat(queries.asOf(0, "acc-1", Instant.EPOCH)).isEqualTo(expected);
        assertThat(queries.statement(0, "acc-1", 1, 10)).isEqualTo(expected);
        assertThat(queries.localTotals()).isEqualTo(expected);
    }

    @Test
    void shouldAnswerAnotherPartitionAsUnavailableAndAnUnknownAccountAsEmpty() {
        LedgerQueries queries = StreamsLedgerQueries.overStores(0, empty(), empty(), empty());

        assertThat(queries.balance(1, "acc-1")).isEqualTo(Read.unavailable("partition 1 is not here"));
        assertThat(queries.balance(0, "nobody")).isEqualTo(Read.ok(Optional.empty()));
        assertThat(queries.asOf(0, "nobody", Instant.EPOCH)).isEqualTo(Read.ok(Optional.empty()));
        assertThat(queries.statement(0, "nobody", 1, 10)).isEqualTo(Read.ok(Optional.empty()));
    }
}
