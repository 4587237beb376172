package org.eventbank.kafka.local;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension giving tests a locked Kafka broker, one per test JVM, as {@link KafkaBrokerExtension} gives
 * an open one: SASL/SCRAM-SHA-512 on the client listener and KRaft's StandardAuthorizer ({@link BrokerSecurity}),
 * with the bank's principals and test passwords ({@link #SECURITY}). Nothing is allowed without an ACL except to the
 * admin: each test grants what it needs, on its own topics and application ids.
 *
 * <p>Test constructors, test methods and lifecycle methods may declare a {@link KafkaBroker} parameter; its
 * {@link KafkaBroker#security()} names the principals and their client settings.
 */
public final class LockedKafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

  /** The admin (a super user: the topic bootstrap) and one principal per service, with passwords for tests only. */
  public static final BrokerSecurity SECURITY = BrokerSecurity.admin("bank-admin", "admin-test-secret")
      .withUser("account-service", "account-service-test-secret")
      .withUser("ledger-projector", "ledger-projector-test-secret");

  private static final Namespace NAMESPACE = Namespace.create(LockedKafkaBrokerExtension.class);

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

  private static KafkaBroker sharedBroker(ExtensionContext context) {
    return context.getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedLockedBroker.class, key -> new SharedLockedBroker(), SharedLockedBroker.class)
        .broker;
  }

  /** Store entry: JUnit closes {@link AutoCloseable} values when the root context ends. */
  private static final class SharedLockedBroker implements AutoCloseable {

    private final KafkaBroker broker = KafkaBroker.start(BrokerSettings.temporary().withSecurity(SECURITY));

    @Override
    public void close() {
      broker.close();
    }
  }
}
