package org.eventbank.ledger;

import java.nio.file.Path;
import java.util.UUID;

import org.eventbank.schemas.topics.TopicSettings;

/** Configs for projectors under test: a unique topic prefix and application id per test, port 0. */
final class ProjectorTestConfigs {

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
        return new LedgerProjectorConfig(bootstrapServers, new TopicSettings(prefix, partitions, (short) 1), 0, "localhost", stateDir,
                applicationId, standbyReplicas, 100, minVersionWaitMsMax, 5000, "", false,
                LedgerProjectorConfig.DEFAULT_ROCKSDB_MEMORY_BYTES, LedgerProjectorConfig.DEFAULT_STATE_CACHE_BYTES);
    }
}
