package org.eventbank.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a {@link KafkaBroker}: where its data lives, whether that data outlives the broker,
 * which ports it listens on and which broker properties to override.
 *
 * <p>A port of {@code 0} means "pick a free port on localhost when the broker starts". The
 * {@code overrides} are applied after all of the broker's own settings, so tests can, for example,
 * lower {@code transaction.max.timeout.ms} or group session timeouts.
 *
 * @param dataDir           directory holding the broker's log and metadata directories
 * @param deleteDataOnClose whether {@link KafkaBroker#close()} deletes {@code dataDir}
 * @param port              PLAINTEXT client port on localhost, {@code 0} for a free one
 * @param controllerPort    KRaft controller port on localhost, {@code 0} for a free one
 * @param overrides         broker properties applied last
 * @param security          empty: a PLAINTEXT client listener that lets everyone do everything; otherwise SASL/SCRAM
 *                          and ACLs ({@link BrokerSecurity})
 */
public record BrokerSettings(
    Path dataDir, boolean deleteDataOnClose, int port, int controllerPort, Map<String, String> overrides,
    Optional<BrokerSecurity> security) {

  public BrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    checkPort("port", port);
    checkPort("controllerPort", controllerPort);
    if (port != 0 && port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
    }
    overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    Objects.requireNonNull(security, "security");
  }

  /** A throw-away broker: fresh temporary directory deleted on close, free ports. */
  public static BrokerSettings temporary() {
    try {
      return new BrokerSettings(Files.createTempDirectory("kafka-local-"), true, 0, 0, Map.of(), Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for Kafka", e);
    }
  }

  /**
   * A broker whose data survives {@link KafkaBroker#close()}: starting again on the same
   * {@code dataDir} reuses its topics and records. The controller port is picked freely on each
   * start, which is safe because the single-node quorum is configured statically, not stored.
   */
  public static BrokerSettings persistent(Path dataDir, int port) {
    return new BrokerSettings(dataDir, false, port, 0, Map.of(), Optional.empty());
  }

  /** These settings with {@code extra} added to (and replacing entries of) the overrides. */
  public BrokerSettings withOverrides(Map<String, String> extra) {
    Map<String, String> merged = new HashMap<>(overrides);
    merged.putAll(extra);
    return new BrokerSettings(dataDir, deleteDataOnClose, port, controllerPort, merged, security);
  }

  /** These settings with one more broker property override. */
  public BrokerSettings withOverride(String key, String value) {
    return withOverrides(Map.of(key, value));
  }

  public BrokerSettings withPort(int newPort) {
    return new BrokerSettings(dataDir, deleteDataOnClose, newPort, controllerPort, overrides, security);
  }

  public BrokerSettings withControllerPort(int newControllerPort) {
    return new BrokerSettings(dataDir, deleteDataOnClose, port, newControllerPort, overrides, security);
  }

  /** These settings with SASL/SCRAM and ACLs on the client listener (a storage formatted without them stays without). */
  public BrokerSettings withSecurity(BrokerSecurity newSecurity) {
    return new BrokerSettings(dataDir, deleteDataOnClose, port, controllerPort, overrides, Optional.of(newSecurity));
  }

  private static void checkPort(String name, int value) {
    if (value < 0 || value > 65_535) {
      throw new IllegalArgumentException(name + " must be 0 (free port) or in 1..65535, was " + value);
    }
  }
}
