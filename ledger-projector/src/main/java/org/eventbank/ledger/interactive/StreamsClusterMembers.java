package org.eventbank.ledger.interactive;

import java.util.List;
import java.util.function.Supplier;

import org.apache.kafka.streams.state.HostInfo;
import org.eventbank.ledger.http.ClusterMembers;
import org.eventbank.ledger.http.Route;

/** Every instance of the application, from {@code metadataForAllStreamsClients()}. */
public final class StreamsClusterMembers implements ClusterMembers {

    private final StreamsHandle handle;
    private final Supplier<HostInfo> self;

    public StreamsClusterMembers(StreamsHandle handle, Supplier<HostInfo> self) {
        this.handle = handle;
        this.self = self;
    }

    @Override
    public List<Route.Remote> all() {
        return handle.running().metadataForAllStreamsClients().stream()
                .map(metadata -> new Route.Remote(metadata.hostInfo().host(), metadata.hostInfo().port()))
                .distinct()
                .toList();
    }

    @Override
    public Route.Remote self() {
        HostInfo host = self.get();
        return new Route.Remote(host.host(), host.port());
    }
}
