package org.eventbank.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.RocksDbMemoryBudget;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * Configs for projectors under test: a unique topic prefix and application id per test, port 0, and bearer tokens of
 * one local issuer for the whole test run ({@link #TOKENS}), so every instance of a test accepts the same tokens.
 */
final class ProjectorTestConfigs {

    /** The issuer every projector under test trusts; its data folder goes when the JVM exits. */
    static final TestTokens TOKENS = TestTokens.in(temporaryFolder("ledger-projector-auth"));

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
                        StreamsSettings.DEFAULT_STATE_CACHE_BYTES, StreamsSettings.DEFAULT_TRANSACTION_TIMEOUT_MS,
                        StreamsSettings.DEFAULT_SESSION_TIMEOUT_MS),
                new LedgerProjectorConfig.Projection(standbyReplicas, false),
                new LedgerProjectorConfig.Http(0, "localhost", minVersionWaitMsMax, 5000,
                        LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_WAITERS_MAX, LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_AHEAD_MAX),
                FINALITY,
                TOKENS.settings());
    }

    private static Path temporaryFolder(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                } catch (IOException e) {
                    // a temporary folder left behind is no reason to fail a test run
                }
            }));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
