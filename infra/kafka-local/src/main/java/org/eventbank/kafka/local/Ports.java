package org.eventbank.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Finds free ports and checks chosen ones on the address Kafka will bind ({@code localhost}). */
final class Ports {

  static final String HOST = "localhost";

  private Ports() {}

  /**
   * Returns {@code requested} if it can be bound right now, or a free port if it is {@code 0}.
   *
   * @throws BrokerStartException naming the port if it is already in use
   */
  static int resolve(int requested, String role) {
    return requested == 0 ? free() : ensureFree(requested, role);
  }

  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, localhost())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
    }
  }

  private static int ensureFree(int port, String role) {
    // Probing here gives a clear message up front; Kafka's own bind failure surfaces only after
    // half the server has started and is buried in a chain of startup exceptions.
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(localhost(), port), 1);
      return port;
    } catch (IOException e) {
      throw portInUse(port, role, e);
    }
  }

  static BrokerStartException portInUse(int port, String role, Throwable cause) {
    return new BrokerStartException(
        "Cannot start Kafka: " + role + " port " + port + " on " + HOST + " is already in use", cause);
  }

  private static InetAddress localhost() {
    try {
      return InetAddress.getByName(HOST);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }
}
