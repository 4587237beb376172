package org.eventbank.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.topics.Topic;

/**
 * Reads the ledger ({@code <prefix>account-events}) for the self-check: a plain consumer, read_committed,
 * assigned every partition, from the offsets the topic ended at when the run began (the bench's accounts
 * are new, so none of their events can lie before) up to the end; only the bench accounts' events are
 * decoded and handed to the {@link LedgerAudit}. It may be called again to read on from where it stopped, to the
 * end as of that call (while the bench waits for its transfers to settle).
 */
final class LedgerEventsReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, SpecificRecord> events;
    private final Map<TopicPartition, Long> startOffsets;
    private boolean positioned;

    /** Opens the reader and notes where the ledger ends now: call it before the bench's first command. */
    LedgerEventsReader(KafkaConnection connection, Topic<String, SpecificRecord> events, String clientId) {
        this.events = events;
        Properties props = CommittedReads.consumerProperties(connection, "bench-audit-" + clientId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(events.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        this.startOffsets = Map.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /**
     * Feeds every committed event of the workload's accounts written since this reader was opened (the first
     * call) or since the previous call's end (the next ones) to the audit, up to the end of each partition as of
     * this call.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    long readInto(Workload workload, LedgerAudit audit, Duration timeout) {
        Deserializer<SpecificRecord> values = events.valueSerde().deserializer();
        if (!positioned) {
            consumer.assign(startOffsets.keySet());
            startOffsets.forEach(consumer::seek);
            positioned = true;
        }
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(startOffsets.keySet(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + timeout.toNanos();
        long read = 0;
        while (!reached(endOffsets)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the self-check could not read " + events.name() + " to its end within "
                        + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                int account = workload.accountIndexOf(record.key());
                if (account < 0) {
                    continue;
                }
                audit.accept(entryOf(workload, account, values.deserialize(record.topic(), record.value())));
                read++;
            }
        }
        return read;
    }

    private boolean reached(Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    static LedgerAudit.Entry entryOf(Workload workload, int account, SpecificRecord event) {
        if (event instanceof AccountOpened opened) {
            return new LedgerAudit.Entry(account, opened.getVersion(), UUID.fromString(opened.getCommandId()),
                    LedgerAudit.Entry.Type.OPENED, 0, 0, opened.getCurrency(), null, -1);
        } else if (event instanceof Deposited deposited) {
            return new LedgerAudit.Entry(account, deposited.getVersion(), UUID.fromString(deposited.getCommandId()),
                    LedgerAudit.Entry.Type.DEPOSITED, deposited.getAmountMinor(), deposited.getBalanceAfterMinor(),
                    deposited.getCurrency(), null, -1);
        } else if (event instanceof Withdrawn withdrawn) {
            return new LedgerAudit.Entry(account, withdrawn.getVersion(), UUID.fromString(withdrawn.getCommandId()),
                    LedgerAudit.Entry.Type.WITHDRAWN, withdrawn.getAmountMinor(), withdrawn.getBalanceAfterMinor(),
                    withdrawn.getCurrency(), null, -1);
        } else if (event instanceof TransferDebited debited) {
            return new LedgerAudit.Entry(account, debited.getVersion(), UUID.fromString(debited.getCommandId()),
                    LedgerAudit.Entry.Type.TRANSFER_DEBITED, debited.getAmountMinor(), debited.getBalanceAfterMinor(),
                    debited.getCurrency(), debited.getCorrelationId(), workload.accountIndexOf(debited.getCounterpartyAccountId()));
        } else if (event instanceof TransferCredited credited) {
            return new LedgerAudit.Entry(account, credited.getVersion(), UUID.fromString(credited.getCommandId()),
                    LedgerAudit.Entry.Type.TRANSFER_CREDITED, credited.getAmountMinor(), credited.getBalanceAfterMinor(),
                    credited.getCurrency(), credited.getCorrelationId(), workload.accountIndexOf(credited.getCounterpartyAccountId()));
        } else if (event instanceof TransferReversed reversed) {
            return new LedgerAudit.Entry(account, reversed.getVersion(), UUID.fromString(reversed.getCommandId()),
                    LedgerAudit.Entry.Type.TRANSFER_REVERSED, reversed.getAmountMinor(), reversed.getBalanceAfterMinor(),
                    reversed.getCurrency(), reversed.getCorrelationId(), workload.accountIndexOf(reversed.getCounterpartyAccountId()));
        }
        throw new IllegalArgumentException("not an account event: " + (event == null ? null : event.getClass().getName()));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
