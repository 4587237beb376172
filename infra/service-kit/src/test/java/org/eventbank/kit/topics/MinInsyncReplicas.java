package org.eventbank.kit.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Reads topics' min.insync.replicas in tests, as the cluster answers it. */
final class MinInsyncReplicas {

    private MinInsyncReplicas() {
    }

    /**
     * Each named topic's min.insync.replicas entry (value and source). Right after a topic is created, the broker
     * that answers may not know it yet: asked again until {@code timeout}.
     */
    static Map<String, ConfigEntry> of(Admin admin, List<String> topics, Duration timeout) throws Exception {
        List<ConfigResource> resources = topics.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, ConfigEntry> entries = new LinkedHashMap<>();
                admin.describeConfigs(resources).all().get().forEach((resource, config) ->
                        entries.put(resource.name(), config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)));
                return entries;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Each named topic's min.insync.replicas value once every one reads {@code expected}, or as they read at
     * {@code timeout}. A change reaches the brokers through the metadata log, so the broker that answers may still
     * report the old value for a moment.
     */
    static Map<String, String> awaitValues(Admin admin, List<String> topics, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> values = values(admin, topics, timeout);
        while (!values.values().stream().allMatch(expected::equals) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            values = values(admin, topics, timeout);
        }
        return values;
    }

    static Map<String, String> values(Admin admin, List<String> topics, Duration timeout) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        of(admin, topics, timeout).forEach((topic, entry) -> values.put(topic, entry.value()));
        return values;
    }
}
