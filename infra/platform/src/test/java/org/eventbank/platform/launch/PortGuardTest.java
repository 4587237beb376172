package org.eventbank.platform.launch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortGuardTest {

    @Test
    void shouldNameThePortItsPurposeTheFlagAndTheHolderWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> PortGuard.requireFree(port, "account-service HTTP", "--account-port"))
                    .isInstanceOf(PortGuard.PortInUseException.class)
                    .hasMessageStartingWith("port " + port + " (account-service HTTP) is already in use")
                    .hasMessageContaining("./bank up --account-port <port>")
                    // this JVM holds it; ss or lsof (both on the build machines) name it
                    .hasMessageContaining(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void shouldAcceptAFreePortAndAnyPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            port = probe.getLocalPort();
        }

        assertThatCode(() -> PortGuard.requireFree(port, "Kafka", "--kafka-port")).doesNotThrowAnyException();
        assertThatCode(() -> PortGuard.requireFree(0, "Kafka", "--kafka-port")).doesNotThrowAnyException();
    }
}
