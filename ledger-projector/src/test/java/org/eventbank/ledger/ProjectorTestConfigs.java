package org.eventbank.ledger;

import java.nio.file.Path;
import java.util.UUID;

import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.RocksDbMemoryBudget;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.schemas.topics.TopicSettings;

/** Configs for projectors under test: a unique topic prefix and application id per test, port 0. */
final class ProjectorTestConfigs {

    /**
     * Short asOf bounds, so an instant just written becomes final within seconds: the test writers commit within
     * milliseconds (within the 1.5 s commit window) and every instance runs on this machine's one clock.
     */
    static final LedgerProjectorConfig.Finality FINALITY = new LedgerProjectorConfig.Finality(1500, 500, 200);

    private ProjectorTestConfigs() {
    }

    static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    static LedgerProjectorConfig config(String bootstrapServers, String prefix, int partitions, Path stateDir, String applicationId,
                                        long minVersionWaitMsMax) {
        return config(bootstrapServers, prefix, partitions, stateDir, applicationId, minVersionWaitMsMax, 0);
    }

    static LedgerProjectorConfig config(String bootstrapServers, String prefix, int partitions, Path stateDir, String applicationId,
                                        long minVersionWaitMsMax, int standbyReplicas) {
        return new LedgerProjectorConfig(
                new ClusterSettings(bootstrapServers, new TopicSettings(prefix, partitions, (short) 1), ""),
                new StreamsSettings(applicationId, stateDir, 100, RocksDbMemoryBudget.DEFAULT_TOTAL_BYTES,
                        StreamsSettings.DEFAULT_STATE_CACHE_BYTES),
                new LedgerProjectorConfig.Projection(standbyReplicas, false),
                new LedgerProjectorConfig.Http(0, "localhost", minVersionWaitMsMax, 5000),
                FINALITY);
    }
}
