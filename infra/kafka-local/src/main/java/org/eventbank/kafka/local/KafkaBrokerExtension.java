package org.eventbank.kafka.local;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);
  private static final AtomicReference<KafkaBroker> SHARED = new AtomicReference<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    sharedBroker(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return sharedBroker(extensionContext);
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

  private static KafkaBroker sharedBroker(ExtensionContext context) {
    return context.getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
        .broker;
  }

  /** Store entry: JUnit closes {@link AutoCloseable} values when the root context ends. */
  private static final class SharedBroker implements AutoCloseable {

    private final KafkaBroker broker;

    private SharedBroker(KafkaBroker broker) {
      this.broker = broker;
    }

    static SharedBroker start() {
      KafkaBroker broker = KafkaBroker.start(BrokerSettings.temporary());
      SHARED.set(broker);
      return new SharedBroker(broker);
    }

    @Override
    public void close() {
      SHARED.compareAndSet(broker, null);
      broker.close();
    }
  }
}
