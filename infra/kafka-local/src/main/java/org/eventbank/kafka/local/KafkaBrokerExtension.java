package org.eventbank.kafka.local;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit Jupiter extension giving tests a real Kafka broker, one per test JVM.
 *
 * <p>Starting a broker takes seconds, so every test class annotated with
 * {@code @ExtendWith(KafkaBrokerExtension.class)} shares the same one. It is started lazily on
 * first use, kept in the root {@link ExtensionContext} store and closed (data deleted) by JUnit when
 * the test plan ends. Tests should therefore use their own topic names and not rely on an empty
 * broker.
 *
 * <p>Test constructors, test methods and lifecycle methods may declare a {@link KafkaBroker}
 * parameter; {@link #sharedBroker()} gives the same broker to code without such a parameter.
 */
public final class KafkaBrokerExtension extends SharedBrokerExtension {

  private static final AtomicReference<KafkaBroker> SHARED = new AtomicReference<>();

  public KafkaBrokerExtension() {
    super(BrokerSettings::temporary, SHARED::set, broker -> SHARED.compareAndSet(broker, null));
  }

  /**
   * The broker shared by tests using this extension.
   *
   * @throws IllegalStateException if no test class using the extension has started yet in this JVM
   */
  public static KafkaBroker sharedBroker() {
    KafkaBroker broker = SHARED.get();
    if (broker == null) {
      throw new IllegalStateException(
          "No shared Kafka broker: annotate the test class with @ExtendWith(KafkaBrokerExtension.class)");
    }
    return broker;
  }
}
