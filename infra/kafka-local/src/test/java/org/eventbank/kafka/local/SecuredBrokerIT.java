package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The in-process broker with SASL/SCRAM-SHA-512 and KRaft's StandardAuthorizer: the admin may do everything, a known
 * principal only what an ACL grants, an unknown principal or a wrong password is refused at the handshake with an
 * error that says so, within a bound, not after a hang.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredBrokerIT {

  private static final String LEDGER = "ledger";
  /** A refused client must say so well within this; Kafka's own default for a blocked send is 60 s. */
  private static final Duration REFUSAL_WITHIN = Duration.ofSeconds(15);

  private final BrokerSecurity security = BrokerSecurity.admin("admin", "admin-secret")
      .withUser("writer", "writer-secret")
      .withUser("stranger", "stranger-secret");
  private KafkaBroker broker;

  @BeforeAll
  void startSecuredBroker() throws Exception {
    broker = KafkaBroker.start(BrokerSettings.temporary().withSecurity(security));
    try (Admin admin = Admin.create(config(security.adminClientConfig()))) {
      admin.createTopics(List.of(new NewTopic(LEDGER, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, LEDGER, PatternType.LITERAL),
          new AccessControlEntry("User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW)))).all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldLetAPrincipalWriteWhatAnAclGrantsItAndTheAdminEverything() throws Exception {
    assertThat(send(security.clientConfig("writer"))).isGreaterThanOrEqualTo(0);
    assertThat(send(security.adminClientConfig())).isGreaterThanOrEqualTo(0);
  }

  @Test
  void shouldRefuseAKnownPrincipalWhatNoAclGrantsIt() {
    assertThatThrownBy(() -> send(security.clientConfig("stranger")))
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    Map<String, Object> readerConfig = config(security.clientConfig("writer"));
    readerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "writer-reads");
    try (KafkaConsumer<String, String> reader =
        new KafkaConsumer<>(readerConfig, new StringDeserializer(), new StringDeserializer())) {
      reader.subscribe(List.of(LEDGER));
      assertThatThrownBy(() -> reader.poll(REFUSAL_WITHIN))
          .as("writing is not reading: no READ on the topic or the group").isInstanceOfAny(
              TopicAuthorizationException.class, org.apache.kafka.common.errors.GroupAuthorizationException.class);
    }
  }

  @Test
  void shouldRefuseAnUnknownPrincipalAndAWrongPasswordAtTheHandshakeSayingWhy() {
    for (Map<String, Object> refused : List.of(BrokerSecurity.clientConfig("mallory", "guess"),
        BrokerSecurity.clientConfig("writer", "wrong-secret"))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> send(refused))
          .hasCauseInstanceOf(SaslAuthenticationException.class)
          .cause().hasMessageContaining("invalid credentials").hasMessageContaining(BrokerSecurity.MECHANISM);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REFUSAL_WITHIN);
    }
  }

  /**
   * The controller listener is no back door: a client may address it directly ({@code bootstrap.controllers}), and
   * only the admin gets in there; without credentials a client gets no answer at all.
   */
  @Test
  void shouldLetOnlyTheAdminTalkToTheControllerDirectly() throws Exception {
    Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.controllers", broker.controllerEndpoint(),
        "default.api.timeout.ms", 5_000, "request.timeout.ms", 2_000));
    try (Admin intruder = Admin.create(anonymous)) {
      assertThatThrownBy(() -> intruder.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
          .as("no anonymous client on the controller listener").isInstanceOf(ExecutionException.class);
    }
    Map<String, Object> admin = new HashMap<>(anonymous);
    admin.putAll(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\";"));
    try (Admin controllerAdmin = Admin.create(admin)) {
      assertThat(controllerAdmin.describeCluster().clusterId().get(10, TimeUnit.SECONDS)).isNotBlank();
    }
  }

  /** One record to the ledger topic as this client; the offset it got. */
  private long send(Map<String, Object> client) throws ExecutionException, InterruptedException,
      java.util.concurrent.TimeoutException {
    Map<String, Object> producerConfig = config(client);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_WITHIN.toMillis());
    producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REFUSAL_WITHIN.toMillis());
    producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      return producer.send(new ProducerRecord<>(LEDGER, "k", "v")).get(REFUSAL_WITHIN.toMillis() * 2, TimeUnit.MILLISECONDS)
          .offset();
    }
  }

  private Map<String, Object> config(Map<String, Object> client) {
    Map<String, Object> config = new HashMap<>(client);
    config.put("bootstrap.servers", broker.bootstrapServers());
    return config;
  }
}
