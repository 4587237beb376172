package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A taken port must fail fast, before Kafka starts, with the port in the message. */
class PortInUseIT {

  @Test
  void failsWhenTheClientPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();
      BrokerSettings settings = BrokerSettings.temporary().withPort(port);

      assertThatThrownBy(() -> KafkaBroker.start(settings))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("already in use");
      assertThat(settings.dataDir()).doesNotExist();
    }
  }

  @Test
  void failsWhenTheControllerPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> KafkaBroker.start(BrokerSettings.temporary().withControllerPort(port)))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("CONTROLLER port " + port);
    }
  }
}
