package org.eventbank.kafka.local;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker running inside this JVM: one KRaft process that is both
 * controller and broker, built from the {@code kafka_2.13} server jars.
 *
 * <p>It exists so that tests and local runs exercise the same broker code as production (real
 * transactions, consumer groups, log segments) without Docker or an external installation, and
 * start in a few seconds. Storage is formatted only on first use of a data directory, so a
 * {@linkplain BrokerSettings#persistent persistent} broker keeps its topics across restarts.
 *
 * <p>Like a standalone broker, it treats corrupt metadata as fatal and halts the JVM; in tests that
 * surfaces as a crashed fork rather than a failed assertion.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(BrokerSettings.temporary())) {
 *   producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final String LOG_DIR_NAME = "kafka-logs";

  private final BrokerSettings settings;
  private final KafkaRaftServer server;
  private final int port;
  private final int controllerPort;
  private final String clusterId;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KafkaBroker(BrokerSettings settings, KafkaRaftServer server, int port, int controllerPort, String clusterId) {
    this.settings = settings;
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.clusterId = clusterId;
  }

  /**
   * Formats the data directory if needed, starts the broker and waits until an admin client can
   * describe the cluster and create topics.
   *
   * @throws BrokerStartException if a port is in use (the message names it) or the broker fails to
   *     start or become ready
   */
  public static KafkaBroker start(BrokerSettings settings) {
    try {
      return doStart(settings);
    } catch (RuntimeException e) {
      // A temporary broker that never started must not leave its directory behind either.
      if (settings.deleteDataOnClose()) {
        deleteQuietly(settings.dataDir());
      }
      throw e;
    }
  }

  private static KafkaBroker doStart(BrokerSettings settings) {
    long startNanos = System.nanoTime();
    int port = Ports.resolve(settings.port(), "PLAINTEXT");
    int controllerPort = Ports.resolve(settings.controllerPort(), "CONTROLLER");
    while (controllerPort == port) {
      controllerPort = Ports.free();
    }
    Path logDir = settings.dataDir().resolve(LOG_DIR_NAME);
    createDirectories(logDir);

    Map<String, String> props = BrokerProperties.of(settings, port, controllerPort, logDir);
    KafkaConfig config = new KafkaConfig(props, false);
    String clusterId = StorageFormatter.formatIfNeeded(config, logDir,
        settings.security().map(BrokerSecurity::scramArguments).orElse(List.of()));

    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    KafkaBroker broker = new KafkaBroker(settings, server, port, controllerPort, clusterId);
    try {
      server.startup();
      ReadinessProbe.awaitReady(broker.bootstrapServers(),
          settings.security().map(BrokerSecurity::adminClientConfig).orElse(Map.of()), READY_TIMEOUT);
    } catch (RuntimeException e) {
      RuntimeException failure = startFailure(e, port, controllerPort);
      try {
        broker.close();
      } catch (RuntimeException closeFailure) {
        failure.addSuppressed(closeFailure);
      }
      throw failure;
    }
    LOG.info("Kafka broker started at {} (data in {}) in {} ms",
        broker.bootstrapServers(), settings.dataDir(), (System.nanoTime() - startNanos) / 1_000_000);
    return broker;
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:39123}. */
  public String bootstrapServers() {
    return Ports.HOST + ":" + port;
  }

  /**
   * The KRaft controller listener, for a client's {@code bootstrap.controllers}: on localhost, and on a locked broker
   * open to the admin only.
   */
  public String controllerEndpoint() {
    return Ports.HOST + ":" + controllerPort;
  }

  /** Who may connect and what they may do; empty on a PLAINTEXT broker where everyone may do everything. */
  public Optional<BrokerSecurity> security() {
    return settings.security();
  }

  /** The directory holding this broker's data. */
  public Path dataDir() {
    return settings.dataDir();
  }

  /** The KRaft cluster id, stable across restarts on the same data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** Shuts the broker down cleanly (flushing its logs), then deletes temporary data. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long startNanos = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (settings.deleteDataOnClose()) {
        deleteQuietly(settings.dataDir());
      }
    }
    LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - startNanos) / 1_000_000);
  }

  private static RuntimeException startFailure(RuntimeException e, int port, int controllerPort) {
    if (e instanceof BrokerStartException) {
      return e;
    }
    // Our port probe ran first, but another process may have taken a port since; Kafka then fails
    // with "Socket server failed to bind to localhost:PORT" somewhere down the cause chain.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof BindException || message.contains("failed to bind")) {
        boolean controller = message.contains(":" + controllerPort);
        return Ports.portInUse(controller ? controllerPort : port, controller ? "CONTROLLER" : "PLAINTEXT", e);
      }
    }
    return new BrokerStartException("Kafka broker on port " + port + " failed to start", e);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BrokerStartException("Cannot create Kafka data directory " + dir, e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete Kafka data directory {}", dir, e);
    }
  }
}
