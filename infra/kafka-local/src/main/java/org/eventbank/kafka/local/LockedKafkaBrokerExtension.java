package org.eventbank.kafka.local;

/**
 * JUnit Jupiter extension giving tests a locked Kafka broker, one per test JVM, as {@link KafkaBrokerExtension} gives
 * an open one: SASL/SCRAM-SHA-512 on the client listener and KRaft's StandardAuthorizer ({@link BrokerSecurity}),
 * with the bank's principals and test passwords ({@link #SECURITY}). Nothing is allowed without an ACL except to the
 * admin: each test grants what it needs, on its own topics and application ids.
 *
 * <p>Test constructors, test methods and lifecycle methods may declare a {@link KafkaBroker} parameter; its
 * {@link KafkaBroker#security()} names the principals and their client settings.
 */
public final class LockedKafkaBrokerExtension extends SharedBrokerExtension {

  /** The admin (a super user: the topic bootstrap) and one principal per service, with passwords for tests only. */
  public static final BrokerSecurity SECURITY = BrokerSecurity.admin("bank-admin", "admin-test-secret")
      .withUser("account-service", "account-service-test-secret")
      .withUser("ledger-projector", "ledger-projector-test-secret");

  public LockedKafkaBrokerExtension() {
    super(() -> BrokerSettings.temporary().withSecurity(SECURITY), broker -> { }, broker -> { });
  }
}
