package org.eventbank.account.it;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The withdrawal race ({@link WithdrawalRace}) on the official apache/kafka image. Skipped, and
 * reported as skipped, where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class WithdrawalRaceOnContainerIT {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @Test
    void shouldAcceptExactlyFiftyOfTwoHundredConcurrentWithdrawalsAndNeverOverdraw() throws Exception {
        WithdrawalRace.run(KAFKA.getBootstrapServers());
    }
}
