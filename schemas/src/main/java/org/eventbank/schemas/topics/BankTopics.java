package org.eventbank.schemas.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.serde.BankSerdes;

/**
 * The topics of the bank, defined once for every module.
 *
 * <ul>
 *   <li>{@code commands}: requests keyed by account id; deleted after 7 days, they are not facts.
 *   <li>{@code events}: the ledger, keyed by account id, kept forever ({@code retention.ms=-1},
 *       {@code retention.bytes=-1}) and deliberately <em>not</em> compacted: compaction keeps one
 *       record per key and would erase an account's history.
 *   <li>{@code balances}: the latest balance per account, compacted: a snapshot to read instead of
 *       replaying the ledger.
 *   <li>{@code results}: replies to waiting HTTP requests keyed by command id; deleted after an hour.
 *   <li>{@code contractVersions}: which schema version of each record family some writer has emitted on this
 *       ledger, one compacted record per (family, version), key {@code <FAMILY>/v<N>}; one partition. The
 *       writers' default version is the newest recorded there (readers first, writers by switch).
 *   <li>{@code transferInstructions}: the steps of a transfer between two accounts' single writers (credit the payee,
 *       send it back, tell the payer it arrived: decision 0016), keyed by the account to act on. They carry money, so
 *       they are never deleted by time ({@code retention.ms=-1}, {@code retention.bytes=-1}): account-service deletes
 *       what its committed offsets have passed. The commands topic's partition count, since both meet the same
 *       "accounts" store in one task (Streams checks co-partitioning only for joins; the bootstrap checks this).
 * </ul>
 * Commands and events have the same partition count, so one account's command and events live in
 * partitions of the same number and have a single writer.
 */
public record BankTopics(
        TopicSettings settings,
        Topic<String, AccountCommand> commands,
        Topic<String, SpecificRecord> events,
        Topic<String, AccountBalance> balances,
        Topic<String, CommandResult> results,
        Topic<String, String> contractVersions,
        Topic<String, TransferInstruction> transferInstructions) {

    static final Duration COMMAND_RETENTION = Duration.ofDays(7);
    static final Duration RESULT_RETENTION = Duration.ofHours(1);

    public static BankTopics of(TopicSettings settings, BankSerdes serdes) {
        String prefix = settings.prefix();
        int partitions = settings.partitions();
        short replicas = settings.replicationFactor();
        return new BankTopics(
                settings,
                new Topic<>(prefix + "account-commands", serdes.key(), serdes.command(), partitions, replicas, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(COMMAND_RETENTION.toMillis()))),
                new Topic<>(prefix + "account-events", serdes.key(), serdes.event(), partitions, replicas, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1")),
                new Topic<>(prefix + "account-balances", serdes.key(), serdes.balance(), partitions, replicas, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new Topic<>(prefix + "command-results", serdes.key(), serdes.result(), partitions, replicas, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(RESULT_RETENTION.toMillis()))),
                new Topic<>(prefix + "contract-versions", Serdes.String(), Serdes.String(), 1, replicas, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new Topic<>(prefix + "transfer-instructions", serdes.key(), serdes.instruction(), partitions, replicas, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
    }

    public static BankTopics defaults() {
        return of(TopicSettings.defaults(), BankSerdes.singleObject());
    }

    public List<Topic<String, ?>> all() {
        return List.of(commands, events, balances, results, contractVersions, transferInstructions);
    }
}
