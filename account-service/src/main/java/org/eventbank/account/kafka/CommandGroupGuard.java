package org.eventbank.account.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.schemas.topics.BankTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before the command processor starts and decides where its consumer group may start reading the commands
 * topic, so that no configuration can make it decide a command twice or emit a version an account already has
 * (decision 0014). The processor itself reads with {@code auto.offset.reset=none}: a partition without a committed
 * offset stops it rather than re-reading seven days of commands.
 *
 * <ul>
 *   <li>A partition with a committed offset resumes there. (If the offsets were reset to an earlier position, the
 *       processor skips what its own store says it has decided already.)
 *   <li>A partition without one, whose ledger partition holds no event: the group is new on an empty ledger. Its
 *       offset is set to the end of the commands topic, so nothing queued before the group existed is decided.
 *   <li>A partition without one, whose ledger partition holds events: a reset or deleted group, expired offsets, or
 *       another {@code BANK_APPLICATION_ID}. Refused, unless the operator asks for
 *       {@link NewGroupStart#COMMANDS_END}: then it too starts at the end of the commands topic. Either way the
 *       processor refuses to decide on a partition whose ledger holds events while its "accounts" store is empty.
 *   <li>Another consumer group with offsets on the commands topic is a second command processor, so a second
 *       writer for every account: refused.
 * </ul>
 */
public final class CommandGroupGuard {

    private static final Logger log = LoggerFactory.getLogger(CommandGroupGuard.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    /** What a partition without a committed offset may do when its ledger partition holds events. */
    public enum NewGroupStart {
        /** Refuse: a new group starts only where the ledger is empty (the default). */
        EMPTY_LEDGER_ONLY,
        /** The explicit init step: start at the end of the commands topic; the stores must be intact. */
        COMMANDS_END
    }

    /** The processor must not start: what was found and what the operator can do. */
    public static final class RefusedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private final Admin admin;
    private final KafkaConnection connection;
    private final BankTopics topics;
    private final String groupId;
    private final NewGroupStart newGroupStart;
    private final Duration timeout;

    /**
     * @param groupId the command processor's consumer group: its {@code BANK_APPLICATION_ID}
     * @param timeout bounds each admin call and the ledger probe
     */
    public CommandGroupGuard(Admin admin, KafkaConnection connection, BankTopics topics, String groupId,
                             NewGroupStart newGroupStart, Duration timeout) {
        this.admin = admin;
        this.connection = connection;
        this.topics = topics;
        this.groupId = groupId;
        this.newGroupStart = newGroupStart;
        this.timeout = timeout;
    }

    /**
     * Checks and, where allowed, initialises the group's offsets.
     *
     * @return the partitions whose ledger held a committed event when this ran, for the processor's own check
     * @throws RefusedException when the processor must not start
     */
    public Set<Integer> prepare() {
        List<TopicPartition> commandPartitions = partitions(topics.commands().name(), topics.commands().partitions());
        refuseOtherProcessors(commandPartitions);
        Set<Integer> withEvents = partitionsWithEvents();
        Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId, commandPartitions);
        List<TopicPartition> missing = commandPartitions.stream().filter(p -> !committed.containsKey(p)).toList();
        if (missing.isEmpty()) {
            return withEvents;
        }
        List<TopicPartition> onLedger = missing.stream().filter(p -> withEvents.contains(p.partition())).toList();
        if (!onLedger.isEmpty() && newGroupStart != NewGroupStart.COMMANDS_END) {
            throw new RefusedException("consumer group " + groupId + " has no committed offset on " + onLedger.size()
                    + " partition(s) of " + topics.commands().name() + " (" + numbers(onLedger) + ") whose ledger partitions of "
                    + topics.events().name() + " hold events: a reset or deleted group, offsets expired after a long stop,"
                    + " or another BANK_APPLICATION_ID. Starting would decide old commands again, or decide with empty"
                    + " stores and write versions these accounts already have. If the stores (the changelogs of "
                    + groupId + ") are intact, start once with BANK_COMMAND_GROUP_INIT=commands-end; if this is a new"
                    + " application id, use the old one (docs/operations.md, account-service)");
        }
        Map<TopicPartition, OffsetAndMetadata> start = startAtCommandsEnd(missing);
        if (!onLedger.isEmpty()) {
            log.warn("BANK_COMMAND_GROUP_INIT=commands-end: consumer group {} starts at the end of {} on partition(s) {},"
                    + " whose ledger holds events; commands queued there before now are not decided", groupId,
                    topics.commands().name(), numbers(onLedger));
        }
        try {
            admin.alterConsumerGroupOffsets(groupId, start).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("consumer group {} starts at the end of {} on partition(s) {}: {}", groupId, topics.commands().name(),
                    numbers(missing), start.entrySet().stream().map(e -> e.getKey().partition() + "@" + e.getValue().offset())
                            .collect(Collectors.joining(", ")));
        } catch (ExecutionException e) {
            // Another instance of this group started in between and joined first: its guard set the offsets.
            Map<TopicPartition, OffsetAndMetadata> now = committed(groupId, commandPartitions);
            if (!now.keySet().containsAll(missing)) {
                throw new IllegalStateException("cannot set the start offsets of consumer group " + groupId, e.getCause());
            }
            log.info("consumer group {} got its start offsets from another instance meanwhile", groupId);
        } catch (InterruptedException | TimeoutException e) {
            throw interruptedOrTimedOut("setting the start offsets of consumer group " + groupId, e);
        }
        return withEvents;
    }

    /** Any other group that has committed offsets on the commands topic is another command processor. */
    private void refuseOtherProcessors(List<TopicPartition> commandPartitions) {
        Collection<GroupListing> groups = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing groups");
        Map<String, ListConsumerGroupOffsetsSpec> others = new HashMap<>();
        for (GroupListing group : groups) {
            if (!group.groupId().equals(groupId)) {
                others.put(group.groupId(), new ListConsumerGroupOffsetsSpec().topicPartitions(commandPartitions));
            }
        }
        if (others.isEmpty()) {
            return;
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets =
                get(admin.listConsumerGroupOffsets(others).all(), "reading other groups' offsets");
        List<String> processors = offsets.entrySet().stream()
                .filter(group -> group.getValue().values().stream().anyMatch(offset -> offset != null))
                .map(Map.Entry::getKey).sorted().toList();
        if (!processors.isEmpty()) {
            throw new RefusedException("consumer group(s) " + processors + " also read " + topics.commands().name()
                    + ": another command processor (another BANK_APPLICATION_ID) would be a second writer for every"
                    + " account. Run every instance with one application id; delete a group that is no longer used"
                    + " (kafka-consumer-groups --delete --group <id>) only once its processor is stopped for good");
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(
                Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions))).partitionsToOffsetAndMetadata(group),
                "reading the offsets of consumer group " + group);
        Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                present.put(partition, offset);
            }
        });
        return present;
    }

    private Map<TopicPartition, OffsetAndMetadata> startAtCommandsEnd(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        var ends = get(admin.listOffsets(latest).all(), "reading the end of " + topics.commands().name());
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        ends.forEach((partition, end) -> start.put(partition, new OffsetAndMetadata(end.offset(),
                "set by account-service at " + Instant.now() + ": new group, starts at the end of the commands topic")));
        return start;
    }

    /**
     * The ledger partitions holding at least one committed event, read as any consumer would (read_committed), so a
     * partition that holds only an aborted transaction counts as empty.
     */
    Set<Integer> partitionsWithEvents() {
        Properties props = CommittedReads.consumerProperties(connection, "command-group-guard-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        List<TopicPartition> ledger = partitions(topics.events().name(), topics.events().partitions());
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ledger);
            consumer.seekToBeginning(ledger);
            Map<TopicPartition, Long> end = consumer.endOffsets(ledger, timeout);
            Set<Integer> withEvents = new TreeSet<>();
            Set<TopicPartition> open = new HashSet<>(ledger);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                // Done with a partition once it gave a record, or its position reached the read_committed end.
                open.removeIf(p -> withEvents.contains(p.partition()) || consumer.position(p, timeout) >= end.get(p));
                if (open.isEmpty()) {
                    return withEvents;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read whether " + topics.events().name() + " partitions "
                            + numbers(new ArrayList<>(open)) + " hold events within " + timeout);
                }
                consumer.pause(ledger.stream().filter(p -> !open.contains(p)).toList());
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    withEvents.add(record.partition());
                }
            }
        }
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static String numbers(List<TopicPartition> partitions) {
        return partitions.stream().map(p -> Integer.toString(p.partition())).sorted().collect(Collectors.joining(", "));
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw interruptedOrTimedOut(what, e);
        }
    }

    private IllegalStateException interruptedOrTimedOut(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(what + " did not finish within " + timeout, e);
    }
}
