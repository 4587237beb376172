package org.eventbank.kafka.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker configuration for one node that is both KRaft controller and broker, tuned so that
 * everything (consumer groups, exactly-once transactions) works with a single replica and starts
 * fast.
 */
final class BrokerProperties {

  static final int NODE_ID = 1;
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private BrokerProperties() {}

  static Map<String, String> of(BrokerSettings settings, int port, int controllerPort, Path logDir) {
    String host = Ports.HOST;
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    // A static voter set rather than a formatted dynamic quorum: the controller endpoint is then
    // plain config, so a persistent broker can restart on a different controller port.
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toAbsolutePath().toString());
    settings.security().ifPresent(security ->
        props.putAll(security.brokerProperties(host, port, controllerPort, CONTROLLER_LISTENER)));

    // Internal topics default to replication factor 3, which one node can never satisfy: group
    // offsets and transactions (exactly-once) would fail without these.
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // The broker-wide default, for topics nobody configured; the bank's topics and its Streams internal topics
    // carry their own min.insync.replicas = min(2, replication factor), which is 1 on this one broker as well.
    props.put("min.insync.replicas", "1");
    props.put("default.replication.factor", "1");

    // Few partitions: each internal partition costs startup and coordinator-loading time.
    props.put("num.partitions", "3");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("share.coordinator.state.topic.num.partitions", "3");

    // No waiting for more group members that will never come; topics are created explicitly so a
    // typo in a topic name fails instead of silently creating a new topic.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");

    // A crashed writer's open transaction holds back every read_committed reader of its partitions until the broker
    // aborts it, which it does only at this sweep after the transaction's timeout (5 s for the bank's services): every
    // second instead of Kafka's 10 s, so fail-over is not held for up to 10 s more (docs/operations.md).
    props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

    props.putAll(settings.overrides());
    return props;
  }
}
