package org.eventbank.kit.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventbank.schemas.topics.Topic;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the bank's topics where they are missing and checks the ones that exist. Idempotent:
 * running it again against a correct cluster changes nothing. An existing topic with another
 * partition count, replication factor or config makes it throw {@link TopicMismatchException},
 * naming each topic and setting, rather than run a bank on topics that would lose data or move
 * accounts between writers.
 */
public final class TopicBootstrap {

    private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicBootstrap(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** What a run did: topics created, and existing topics found correct. */
    public record Report(List<String> created, List<String> verified) {
    }

    public Report ensure(Collection<? extends Topic<?, ?>> topics) {
        List<String> created = new ArrayList<>();
        List<String> verified = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            Optional<TopicDescription> existing = describe(topic.name());
            if (existing.isEmpty() && create(topic)) {
                created.add(topic.name());
                continue;
            }
            TopicDescription description = existing.isPresent() ? existing.get() : awaitDescribed(topic.name());
            List<String> differences = differences(topic, description);
            if (differences.isEmpty()) {
                verified.add(topic.name());
            } else {
                problems.addAll(differences);
            }
        }
        if (!problems.isEmpty()) {
            throw new TopicMismatchException(problems);
        }
        log.info("Topics ready: created {}, verified {}", created, verified);
        return new Report(List.copyOf(created), List.copyOf(verified));
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<TopicDescription> description = describe(name);
            if (description.isPresent()) {
                return description.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + name + " exists but could not be described within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
        }
    }

    /** True if this call created the topic; false if another bootstrap created it first. */
    private boolean create(Topic<?, ?> topic) {
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

    private List<String> differences(Topic<?, ?> topic, TopicDescription description) {
        List<String> differences = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != topic.partitions()) {
            differences.add("topic " + topic.name() + ": partitions is " + partitions + ", expected " + topic.partitions());
        }
        int replicas = description.partitions().get(0).replicas().size();
        if (replicas != topic.replicationFactor()) {
            differences.add("topic " + topic.name() + ": replication factor is " + replicas + ", expected " + topic.replicationFactor());
        }
        Config config = describeConfig(topic.name());
        for (Map.Entry<String, String> expected : topic.configs().entrySet()) {
            ConfigEntry actual = config.get(expected.getKey());
            String actualValue = actual == null ? null : actual.value();
            if (!expected.getValue().equals(actualValue)) {
                differences.add("topic " + topic.name() + ": " + expected.getKey() + " is " + actualValue
                        + ", expected " + expected.getValue());
            }
        }
        return differences;
    }

    private Config describeConfig(String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        try {
            return await(admin.describeConfigs(List.of(resource)).values().get(resource));
        } catch (ExecutionException e) {
            throw failure("describe the configs of topic " + name, e);
        }
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
        return new IllegalStateException("cannot " + action + ": " + e.getCause().getMessage(), e.getCause());
    }
}
