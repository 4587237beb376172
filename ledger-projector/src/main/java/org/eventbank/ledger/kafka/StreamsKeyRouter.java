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
 * Routes an account to the instance whose active task owns its partition, from Kafka Streams'
 * {@code queryMetadataForKey}. Only the active owner answers: a standby may lag, and a wrong balance
 * is worse than a 503.
 */
public final class StreamsKeyRouter implements KeyRouter {

    private final StreamsHandle handle;
    private final Supplier<HostInfo> self;

    /** @param self this instance's advertised host and port, known once the HTTP server has bound */
    public StreamsKeyRouter(StreamsHandle handle, Supplier<HostInfo> self) {
        this.handle = handle;
        this.self = self;
    }

    @Override
    public Route route(String accountId) {
        Optional<KafkaStreams> running = handle.running();
        if (running.isEmpty()) {
            return new Route.Unavailable(handle.notRunning());
        }
        KeyQueryMetadata metadata = running.get().queryMetadataForKey(LedgerProjectorTopology.BALANCES_STORE, accountId,
                Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost() == null) {
            return new Route.Unavailable("the owner of account " + accountId + " is not known yet (rebalancing)");
        }
        HostInfo owner = metadata.activeHost();
        if (owner.equals(self.get())) {
            return new Route.Local(metadata.partition());
        }
        return new Route.Remote(owner.host(), owner.port());
    }
}
