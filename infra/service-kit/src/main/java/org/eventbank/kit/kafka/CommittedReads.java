package org.eventbank.kit.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The consumer settings every plain reader of the bank's topics starts from: it sees only committed records
 * ({@code read_committed}: the events and results are written in transactions that may abort, and the Java
 * consumer's default would show aborted ones) and commits no offsets (these readers assign partitions and keep
 * their position themselves, so nothing is left behind on the cluster). Callers add what is theirs.
 */
public final class CommittedReads {

    private CommittedReads() {
    }

    /** The connection's settings (bootstrap servers, principal), client id, read_committed and no offset commits. */
    public static Properties consumerProperties(KafkaConnection connection, String clientId) {
        Properties props = connection.clientProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}
