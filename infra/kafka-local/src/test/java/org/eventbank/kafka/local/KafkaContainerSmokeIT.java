package org.eventbank.kafka.local;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same smoke test against Kafka in Docker, for comparing the in-JVM broker with the official
 * image. Skipped (and reported as skipped) where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerSmokeIT {

  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

  @Test
  void producesAndConsumes() throws Exception {
    KafkaSmoke.produceAndConsume(KAFKA.getBootstrapServers());
  }
}
