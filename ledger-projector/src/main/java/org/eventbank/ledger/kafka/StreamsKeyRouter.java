package org.eventbank.ledger.kafka;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eventbank.ledger.query.KeyRouter;
import org.eventbank.ledger.query.Route;

/**
 * Routes a key to the instance whose active task owns its partition of a store, from Kafka Streams'
 * {@code queryMetadataForKey}: an account in the balances store ({@link #forAccounts}), or a transferId in the
 * transfers store ({@link #forTransfers}), whose partitions belong to another sub-topology. Only the active owner
 * answers: a standby may lag, and a wrong balance is worse than a 503.
 */
public final class StreamsKeyRouter implements KeyRouter {

    private final StreamsHandle handle;
    private final Supplier<HostInfo> self;
    private final String store;
    private final String keyName;

    private StreamsKeyRouter(StreamsHandle handle, Supplier<HostInfo> self, String store, String keyName) {
        this.handle = handle;
        this.self = self;
        this.store = store;
        this.keyName = keyName;
    }

    /** @param self this instance's advertised host and port, known once the HTTP server has bound */
    public static StreamsKeyRouter forAccounts(StreamsHandle handle, Supplier<HostInfo> self) {
        return new StreamsKeyRouter(handle, self, LedgerProjectorTopology.BALANCES_STORE, "account");
    }

    /** @param self this instance's advertised host and port, known once the HTTP server has bound */
    public static StreamsKeyRouter forTransfers(StreamsHandle handle, Supplier<HostInfo> self) {
        return new StreamsKeyRouter(handle, self, LedgerProjectorTopology.TRANSFERS_STORE, "transfer");
    }

    @Override
    public Route route(String key) {
        Optional<KafkaStreams> running = handle.running();
        if (running.isEmpty()) {
            return new Route.Unavailable(handle.notRunning());
        }
        KeyQueryMetadata metadata = running.get().queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost() == null) {
            return new Route.Unavailable("the owner of " + keyName + " " + key + " is not known yet (rebalancing)");
        }
        HostInfo owner = metadata.activeHost();
        if (owner.equals(self.get())) {
            return new Route.Local(metadata.partition());
        }
        return new Route.Remote(owner.host(), owner.port());
    }
}
