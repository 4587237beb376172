package org.eventbank.kafka.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Waits until clients can really use a freshly started broker. {@code KafkaRaftServer.startup()}
 * returns once the broker is unfenced, but the first admin requests can still race the controller
 * seeing that, so we ask the way a client would.
 */
final class ReadinessProbe {

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

  private ReadinessProbe() {}

  /** @param security the admin's client settings on a secured broker, empty on a PLAINTEXT one */
  static void awaitReady(String bootstrapServers, Map<String, Object> security, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = new HashMap<>(security);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      Exception last = null;
      while (System.nanoTime() < deadline) {
        try {
          probe(admin);
          return;
        } catch (ExecutionException | TimeoutException e) {
          last = e;
          Thread.sleep(RETRY_PAUSE.toMillis());
        }
      }
      throw new BrokerStartException(
          "Kafka at " + bootstrapServers + " did not become ready within " + timeout, last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("Interrupted while waiting for Kafka at " + bootstrapServers, e);
    }
  }

  private static void probe(Admin admin)
      throws ExecutionException, InterruptedException, TimeoutException {
    long timeoutMs = ATTEMPT_TIMEOUT.toMillis();
    if (admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).isEmpty()) {
      throw new ExecutionException(new IllegalStateException("no broker registered yet"));
    }
    // validateOnly runs the controller's replica placement, which fails while the broker is still
    // fenced, without leaving a probe topic behind.
    NewTopic probe = new NewTopic("kafka-local-readiness-probe", 1, (short) 1);
    admin.createTopics(List.of(probe), new CreateTopicsOptions().validateOnly(true))
        .all()
        .get(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
