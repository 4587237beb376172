package org.eventbank.kafka.local;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What {@link KafkaBrokerExtension} and {@link LockedKafkaBrokerExtension} share: one broker of the given settings per
 * test JVM, started lazily, kept in the root {@link ExtensionContext} store (so JUnit closes it, deleting its data,
 * when the test plan ends), and given to every {@link KafkaBroker} parameter.
 */
abstract class SharedBrokerExtension implements BeforeAllCallback, ParameterResolver {

  private final Namespace namespace;
  private final Supplier<BrokerSettings> settings;
  private final Consumer<KafkaBroker> onStart;
  private final Consumer<KafkaBroker> onClose;

  SharedBrokerExtension(Supplier<BrokerSettings> settings, Consumer<KafkaBroker> onStart, Consumer<KafkaBroker> onClose) {
    this.namespace = Namespace.create(getClass());
    this.settings = settings;
    this.onStart = onStart;
    this.onClose = onClose;
  }

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

  private KafkaBroker sharedBroker(ExtensionContext context) {
    return context.getRoot()
        .getStore(namespace)
        .computeIfAbsent(SharedBroker.class, key -> start(), SharedBroker.class)
        .broker;
  }

  private SharedBroker start() {
    KafkaBroker broker = KafkaBroker.start(settings.get());
    onStart.accept(broker);
    return new SharedBroker(broker, onClose);
  }

  /** Store entry: JUnit closes {@link AutoCloseable} values when the root context ends. */
  private record SharedBroker(KafkaBroker broker, Consumer<KafkaBroker> onClose) implements AutoCloseable {

    @Override
    public void close() {
      onClose.accept(broker);
      broker.close();
    }
  }
}
