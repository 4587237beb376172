package org.eventbank.ledger.kafka;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eventbank.ledger.query.ClusterMembers;
import org.eventbank.ledger.query.Read;
import org.eventbank.ledger.query.Route;

/** Every instance of the application, from {@code metadataForAllStreamsClients()}. */
public final class StreamsClusterMembers implements ClusterMembers {

    private final StreamsHandle handle;
    private final Supplier<HostInfo> self;

    public StreamsClusterMembers(StreamsHandle handle, Supplier<HostInfo> self) {
        this.handle = handle;
        this.self = self;
    }

    @Override
    public Read<List<Route.Remote>> all() {
        Optional<KafkaStreams> running = handle.running();
        if (running.isEmpty()) {
            return Read.unavailable(handle.notRunning());
        }
        return Read.ok(running.get().metadataForAllStreamsClients().stream()
                .map(metadata -> new Route.Remote(metadata.hostInfo().host(), metadata.hostInfo().port()))
                .distinct()
                .toList());
    }

    @Override
    public Route.Remote self() {
        HostInfo host = self.get();
        return new Route.Remote(host.host(), host.port());
    }
}
