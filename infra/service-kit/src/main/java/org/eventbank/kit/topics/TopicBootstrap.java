package org.eventbank.kit.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eventbank.config.SettingException;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.schemas.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's topics: {@link #ensure} is the topic bootstrap, a step of its own run as the admin principal before the
 * services start ({@link TopicBootstrapMain}: the compose stacks' topic-init, {@code ./bank up}); {@link #verify} is
 * what each service does at start-up with its own principal, which may describe the bank's topics but not create or
 * alter them (decision 0018). {@code ensure} creates the topics where they are missing and checks the ones that exist.
 * Idempotent: running it again against a correct cluster changes nothing. An existing topic with another partition
 * count, replication factor or config makes either throw {@link TopicMismatchException}, naming each topic and
 * setting, rather than run a bank on topics that would lose data or move accounts between writers.
 *
 * <p>Durability: every topic, the bank's and the Streams internal topics (changelogs, repartition topics) of the
 * applications it is given, carries {@code min.insync.replicas} = min(2, replication factor)
 * ({@link Topic#minInsyncReplicas}). A topic {@code ensure} creates gets it at creation; an existing bank topic with
 * less has it raised in place by {@code ensure} and logged, since raising it loses nothing (the one cost: an
 * {@code acks=all} write to a partition with fewer in-sync replicas now waits and retries instead of being
 * acknowledged by the leader alone); {@code verify} refuses such a topic, naming the bootstrap that raises it. A
 * service's own internal topics are its own: {@code verify} raises theirs in place. More than the rule, up to the
 * replication factor, is an operator's stricter choice and is kept; more than the replication factor would refuse
 * every {@code acks=all} write and is refused. A replication factor below
 * {@value #REPLICATION_FACTOR_MIN_MULTI_BROKER} is accepted only on a single-broker cluster (and logged): on a cluster
 * of more brokers the settings are refused before anything is created.
 */
public final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

    /**
     * The least replication factor on a cluster of more than one broker: 3 copies with min.insync.replicas 2 survive
     * the loss of a broker without losing an acknowledged write and keep taking writes while one broker is down.
     * Below it only a single broker is accepted, where more copies cannot exist (a local run, a test).
     */
    public static final int REPLICATION_FACTOR_MIN_MULTI_BROKER = 3;

    /**
     * The names Kafka Streams gives the internal topics of application {@code <id>}: {@code <id>-<name>} followed by
     * one of these endings (changelogs, repartition topics, foreign-key join topics); the same rule as Kafka's
     * application reset tool.
     */
    private static final Pattern INTERNAL_TOPIC_ENDING = Pattern.compile(
            ".+-(changelog|repartition|subscription-registration-topic|subscription-response-topic)"
                    + "|.+-KTABLE-FK-JOIN-SUBSCRIPTION-(REGISTRATION|RESPONSE)-[0-9]+-topic");

    private final Admin admin;
    private final Duration timeout;

    public TopicBootstrap(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * What a run did: topics created; existing topics found as defined (after any raise); and among those, the ones
     * whose {@code min.insync.replicas} this run raised in place.
     */
    public record Report(List<String> created, List<String> verified, List<String> raised) {

        public Report {
            created = List.copyOf(created);
            verified = List.copyOf(verified);
            raised = List.copyOf(raised);
        }

        /** A run that raised nothing. */
        public Report(List<String> created, List<String> verified) {
            this(created, verified, List.of());
        }
    }

    /**
     * The topic bootstrap as one call, with an Admin client of its own connected as {@code connection}'s principal
     * (the admin's, on a locked cluster): {@link TopicBootstrapMain}, {@code ./bank up}, and tests before they start a
     * service. As {@link #ensure(Collection)}.
     */
    public static Report ensure(KafkaConnection connection, Collection<? extends Topic<?, ?>> topics, Duration timeout) {
        try (Admin admin = Admin.create(connection.clientConfig())) {
            return new TopicBootstrap(admin, timeout).ensure(topics);
        }
    }

    /**
     * The topic bootstrap: creates the bank's missing topics, checks the existing ones and raises their
     * {@code min.insync.replicas} in place where it is below the rule. Needs CREATE, DESCRIBE_CONFIGS and
     * ALTER_CONFIGS on the bank's topics: the admin principal's step, not a service's.
     *
     * @throws SettingException       a topic's replication factor is below 3 on a cluster of more than one broker;
     *                                nothing was created or changed
     * @throws TopicMismatchException an existing topic differs in a way that cannot be fixed in place
     */
    public Report ensure(Collection<? extends Topic<?, ?>> topics) {
        return run(topics, List.of(), true);
    }

    /**
     * A service's start: checks the bank's topics without changing them (DESCRIBE and DESCRIBE_CONFIGS only), and the
     * existing internal topics of the given Streams applications (found by the names Streams gives them:
     * {@code <applicationId>-...-changelog}, {@code -repartition}, ...), raising their {@code min.insync.replicas} in
     * place: those are the application's own, created by Streams before the setting existed. Internal topics that do
     * not exist yet are the application's to create: {@code StreamsSettings} gives them the same setting. An
     * application whose id extends another's with '-' has its topics matched by both; harmless, since the rule is the
     * same for every topic of the bank.
     *
     * @throws SettingException       a topic's replication factor is below 3 on a cluster of more than one broker
     * @throws TopicMismatchException a bank topic is missing or has a {@code min.insync.replicas} below the rule (the
     *                                message names the topic bootstrap, which fixes both), or a topic differs in a way
     *                                that cannot be fixed in place; nothing was changed
     */
    public Report verify(Collection<? extends Topic<?, ?>> topics, Collection<String> streamsApplicationIds) {
        return run(topics, streamsApplicationIds, false);
    }

    /**
     * @param bootstrap true for the topic bootstrap (creates and raises the bank's topics), false for a service's
     *                  check (the bank's topics are only read)
     */
    private Report run(Collection<? extends Topic<?, ?>> topics, Collection<String> streamsApplicationIds, boolean bootstrap) {
        int brokers = brokerCount();
        requireReplicationFitsTheCluster(topics, brokers);
        List<String> created = new ArrayList<>();
        List<String> verified = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int bootstrapWouldFix = 0;
        Map<String, MinInsyncRaise> raises = new LinkedHashMap<>();
        int replicationMin = Integer.MAX_VALUE;
        // the bank's topics: create, or verify and plan a raise
        for (Topic<?, ?> topic : topics) {
            replicationMin = Math.min(replicationMin, topic.replicationFactor());
            Optional<TopicDescription> existing = describe(topic.name());
            if (existing.isEmpty() && !bootstrap) {
                problems.add("topic " + topic.name() + " does not exist");
                bootstrapWouldFix++;
                continue;
            }
            if (existing.isEmpty() && create(topic)) {
                created.add(topic.name());
                continue;
            }
            TopicDescription description = existing.isPresent() ? existing.get() : awaitDescribed(topic.name());
            Config config = describeConfig(topic.name());
            List<String> differences = differences(topic, description, config);
            if (!differences.isEmpty()) {
                problems.addAll(differences);
                continue;
            }
            Optional<MinInsyncRaise> raise = checkMinInsync(topic.name(), replicationFactor(description), config, problems);
            if (!bootstrap && raise.isPresent()) {
                problems.add("topic " + topic.name() + ": " + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + " is " + raise.get().from()
                        + ", below the bank's " + raise.get().to());
                bootstrapWouldFix++;
                continue;
            }
            raise.ifPresent(planned -> raises.put(planned.topic(), planned));
            verified.add(topic.name());
        }
        // the applications' internal topics that exist: verify and plan a raise
        for (String applicationId : streamsApplicationIds) {
            List<String> internal = internalTopics(applicationId);
            Map<String, Config> configs = describeConfigs(internal);
            for (TopicDescription description : describeExisting(internal)) {
                String name = description.name();
                if (!configs.containsKey(name)) {
                    continue; // deleted since it was listed (an application reset): Streams creates it anew
                }
                int replicas = replicationFactor(description);
                replicationMin = Math.min(replicationMin, replicas);
                if (brokers > 1 && replicas < REPLICATION_FACTOR_MIN_MULTI_BROKER) {
                    problems.add("topic " + name + ": replication factor is " + replicas + ", below "
                            + REPLICATION_FACTOR_MIN_MULTI_BROKER + " on a cluster of " + brokers + " brokers (an internal"
                            + " topic of Streams application " + applicationId + ": give it "
                            + REPLICATION_FACTOR_MIN_MULTI_BROKER + " replicas with kafka-reassign-partitions.sh)");
                    continue;
                }
                checkMinInsync(name, replicas, configs.get(name), problems).ifPresent(planned -> raises.put(name, planned));
                verified.add(name);
            }
        }
        // change nothing in place unless the whole cluster is acceptable
        if (!problems.isEmpty()) {
            throw new TopicMismatchException(problems, bootstrapWouldFix > 0, problems.size() > bootstrapWouldFix);
        }
        raise(raises);
        // done only once a service starting next finds them: the controller has them before the broker's metadata does
        created.forEach(this::awaitDescribed);
        if (brokers == 1 && replicationMin < REPLICATION_FACTOR_MIN_MULTI_BROKER) {
            log.warn("Replication factor {} on a single-broker cluster: one copy of each topic, min.insync.replicas {}, so an"
                    + " acknowledged write survives a restart but not the loss of this broker's disk. Accepted on a single"
                    + " broker only (a local run, a test); a cluster of more brokers needs BANK_REPLICATION_FACTOR={}",
                    replicationMin, Topic.minInsyncReplicas(replicationMin), REPLICATION_FACTOR_MIN_MULTI_BROKER);
        }
        log.info("Topics ready: created {}, verified {}, min.insync.replicas raised on {}", created, verified, raises.keySet());
        return new Report(created, verified, List.copyOf(raises.keySet()));
    }

    /** A replication factor below 3 on a cluster of more brokers is refused before anything is created. */
    private static void requireReplicationFitsTheCluster(Collection<? extends Topic<?, ?>> topics, int brokers) {
        if (brokers <= 1) {
            return;
        }
        topics.stream().mapToInt(Topic::replicationFactor).min().ifPresent(replicas -> SettingException.require(
                replicas >= REPLICATION_FACTOR_MIN_MULTI_BROKER, "BANK_REPLICATION_FACTOR",
                "at least " + REPLICATION_FACTOR_MIN_MULTI_BROKER + " on this cluster of " + brokers + " brokers (below "
                        + REPLICATION_FACTOR_MIN_MULTI_BROKER + " only on a single-broker cluster: with fewer copies the"
                        + " loss of one broker loses acknowledged writes or stops them)", replicas));
    }

    /** A raise of one topic's min.insync.replicas, planned while checking and applied once nothing is refused. */
    private record MinInsyncRaise(String topic, String from, int to, int replicas) {
    }

    /**
     * Plans a raise where the topic's effective min.insync.replicas (its own or the broker's default) is below the
     * rule; refuses a value above the replication factor, which no acks=all write could meet.
     */
    private static Optional<MinInsyncRaise> checkMinInsync(String topic, int replicas, Config config, List<String> problems) {
        int wanted = Topic.minInsyncReplicas(replicas);
        ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        String actual = entry == null ? null : entry.value();
        int actualValue = parseOrZero(actual);
        if (actualValue > replicas) {
            problems.add("topic " + topic + ": " + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + " is " + actual + ", above its"
                    + " replication factor " + replicas + ": no acks=all write can succeed; expected " + wanted);
        } else if (actualValue < wanted) {
            return Optional.of(new MinInsyncRaise(topic, actual, wanted, replicas));
        } else if (actualValue > wanted) {
            log.info("topic {}: {} is {}, above the bank's {}; kept (a stricter choice, at most the replication factor {})",
                    topic, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, actual, wanted, replicas);
        }
        return Optional.empty();
    }

    private static int parseOrZero(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void raise(Map<String, MinInsyncRaise> raises) {
        if (raises.isEmpty()) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> alterations = new LinkedHashMap<>();
        for (MinInsyncRaise raise : raises.values()) {
            alterations.put(new ConfigResource(ConfigResource.Type.TOPIC, raise.topic()), List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(raise.to())),
                    AlterConfigOp.OpType.SET)));
        }
        try {
            await(admin.incrementalAlterConfigs(alterations).all());
        } catch (ExecutionException e) {
            throw failure("raise min.insync.replicas of topics " + raises.keySet(), e);
        }
        for (MinInsyncRaise raise : raises.values()) {
            // a service's check right after must see the raise: the broker applies it after the controller commits
            poll("topic " + raise.topic() + ": " + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + " " + raise.to() + " not seen",
                    () -> minInsync(describeConfig(raise.topic())) >= raise.to() ? Optional.of(raise) : Optional.empty());
            log.warn("Raised {} of topic {} from {} to {} (replication factor {}): an acks=all write is now acknowledged only"
                    + " once {} replicas have it", TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, raise.topic(), raise.from(),
                    raise.to(), raise.replicas(), raise.to());
        }
    }

    private static int minInsync(Config config) {
        ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        return parseOrZero(entry == null ? null : entry.value());
    }

    private int brokerCount() {
        try {
            return await(admin.describeCluster().nodes()).size();
        } catch (ExecutionException e) {
            throw failure("describe the cluster", e);
        }
    }

    /** The existing topics Streams application {@code applicationId} created for itself, by name. */
    private List<String> internalTopics(String applicationId) {
        try {
            return await(admin.listTopics().names()).stream()
                    .filter(name -> isInternalTopicOf(applicationId, name))
                    .sorted()
                    .toList();
        } catch (ExecutionException e) {
            throw failure("list the topics", e);
        }
    }

    static boolean isInternalTopicOf(String applicationId, String topic) {
        return topic.startsWith(applicationId + "-") && INTERNAL_TOPIC_ENDING.matcher(topic).matches();
    }

    /** The named topics that still exist (an application reset may delete one between listing and describing). */
    private List<TopicDescription> describeExisting(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<TopicDescription> descriptions = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(names).topicNameValues();
        for (String name : names) {
            try {
                descriptions.add(await(futures.get(name)));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failure("describe topic " + name, e);
                }
            }
        }
        return descriptions;
    }

    private Optional<TopicDescription> describe(String name) {
        try {
            return Optional.of(await(admin.describeTopics(List.of(name)).topicNameValues().get(name)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw failure("describe topic " + name, e);
        }
    }

    /** A topic another bootstrap just created may not be in this broker's metadata yet: poll until it is. */
    private TopicDescription awaitDescribed(String name) {
        return poll("topic " + name + " exists but could not be described", () -> describe(name));
    }

    /** What {@code probe} finds, polled every 100 ms while it finds nothing, at most {@link #timeout}. */
    private <T> T poll(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting: " + what, e);
            }
        }
    }

    /** True if this call created the topic; false if another bootstrap created it first. */
    private boolean create(Topic<?, ?> topic) {
        // the definition's configs include min.insync.replicas = min(2, RF): see Topic
        NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor()).configs(topic.configs());
        try {
            await(admin.createTopics(List.of(newTopic)).all());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw failure("create topic " + topic.name(), e);
        }
    }

    private static int replicationFactor(TopicDescription description) {
        return description.partitions().get(0).replicas().size();
    }

    /** Differences that cannot be fixed in place; min.insync.replicas is checked (and raised) apart. */
    private List<String> differences(Topic<?, ?> topic, TopicDescription description, Config config) {
        List<String> differences = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != topic.partitions()) {
            differences.add("topic " + topic.name() + ": partitions is " + partitions + ", expected " + topic.partitions());
        }
        int replicas = replicationFactor(description);
        if (replicas != topic.replicationFactor()) {
            differences.add("topic " + topic.name() + ": replication factor is " + replicas + ", expected " + topic.replicationFactor());
        }
        for (Map.Entry<String, String> expected : topic.configs().entrySet()) {
            if (expected.getKey().equals(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)) {
                continue;
            }
            ConfigEntry actual = config.get(expected.getKey());
            String actualValue = actual == null ? null : actual.value();
            if (!expected.getValue().equals(actualValue)) {
                differences.add("topic " + topic.name() + ": " + expected.getKey() + " is " + actualValue
                        + ", expected " + expected.getValue());
            }
        }
        return differences;
    }

    /** A topic's configs (effective values: the topic's own, else the broker's default). */
    private Config describeConfig(String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        try {
            return await(admin.describeConfigs(List.of(resource)).values().get(resource));
        } catch (ExecutionException e) {
            throw failure("describe the configs of topic " + name, e);
        }
    }

    /** The configs of the named topics that still exist, as {@link #describeConfig}. */
    private Map<String, Config> describeConfigs(List<String> names) {
        Map<String, Config> configs = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return configs;
        }
        List<ConfigResource> resources = names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, KafkaFuture<Config>> futures = admin.describeConfigs(resources).values();
        for (ConfigResource resource : resources) {
            try {
                configs.put(resource.name(), await(futures.get(resource)));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failure("describe the configs of topic " + resource.name(), e);
                }
            }
        }
        return configs;
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bootstrapping topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the Kafka cluster within " + timeout + " while bootstrapping topics", e);
        }
    }

    private static IllegalStateException failure(String action, ExecutionException e) {
        String remedy = e.getCause() instanceof AuthorizationException
                ? " (an ACL this principal lacks: docs/security.md lists each principal's ACLs; the topic bootstrap runs as"
                        + " the admin)"
                : "";
        return new IllegalStateException("cannot " + action + ": " + e.getCause().getMessage() + remedy, e.getCause());
    }
}
