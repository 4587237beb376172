package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.eventbank.config.Env;
import org.eventbank.kafka.local.BrokerSecurity;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.LockedKafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ACL step ({@link BankAclsMain}) on the locked broker (SASL/SCRAM, KRaft's StandardAuthorizer, nothing allowed
 * without an ACL), run as the admin the way the compose stacks' acl-init runs it: from environment variables.
 * Each test names principals of its own, so the ACLs it reads back are only the ones its step granted, whatever else
 * ran on the shared broker (an ACL needs no SCRAM user behind its principal).
 */
@ExtendWith(LockedKafkaBrokerExtension.class)
class BankAclsMainIT {

    private static final BrokerSecurity SECURITY = LockedKafkaBrokerExtension.SECURITY;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private String accountUser;
    private String projectorUser;
    private String prefix;

    @BeforeEach
    void namesOfThisTest() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        accountUser = "acl-it-account-" + run;
        projectorUser = "acl-it-projector-" + run;
        prefix = "acl-it-" + run + ".";
    }

    @Test
    void shouldGrantExactlyBankAclsAndGrantNothingMoreTheSecondTime(KafkaBroker broker) throws Exception {
        Map<String, String> env = adminEnvironment(broker);
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, 3, (short) 1), BankSerdes.singleObject());
        Set<AclBinding> expected = new HashSet<>(BankAcls.accountService(accountUser, topics, "acl-it-account-app"));
        expected.addAll(BankAcls.ledgerProjector(projectorUser, topics, "acl-it-projector-app"));

        Run first = run(env);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(aclsOf(broker, accountUser, projectorUser)).as("what the cluster holds for these principals").isEqualTo(expected);
        assertThat(first.out()).contains("User:" + accountUser + " ALLOW WRITE on TOPIC " + topics.events().name() + " (LITERAL)  (new)")
                .contains("User:" + projectorUser + " ALLOW READ on GROUP acl-it-projector-app (LITERAL)  (new)")
                .contains(expected.size() + " ACLs in place", expected.size() + " new, 0 already there")
                .doesNotContain(SECURITY.passwords().get(SECURITY.adminUser()));
        assertThat(first.out().lines().filter(line -> line.endsWith("(new)")).count()).as("one line per ACL").isEqualTo(expected.size());

        Run second = run(env);

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(aclsOf(broker, accountUser, projectorUser)).as("running it again changes nothing").isEqualTo(expected);
        assertThat(second.out()).contains("0 new, " + expected.size() + " already there").doesNotContain("(new)");
    }

    @Test
    void shouldRefuseABadSettingInOneLineBeforeConnecting(KafkaBroker broker) throws Exception {
        Map<String, String> env = adminEnvironment(broker);
        env.put("BANK_ACL_LEDGER_PROJECTOR_USER", accountUser);

        Run refused = run(env);

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines()).singleElement().asString().startsWith("bank-acls: cannot start: BANK_ACL_LEDGER_PROJECTOR_USER must be");
        assertThat(refused.out()).isEmpty();
        assertThat(aclsOf(broker, accountUser)).as("nothing granted").isEmpty();
    }

    @Test
    void shouldGrantNothingAsAServicePrincipalAndSaySoInOneLine(KafkaBroker broker) throws Exception {
        Map<String, String> env = adminEnvironment(broker);
        env.put("BANK_KAFKA_USERNAME", "account-service");
        env.put("BANK_KAFKA_PASSWORD", SECURITY.passwords().get("account-service"));

        Run refused = run(env);

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines()).singleElement().asString().startsWith("bank-acls: no ACLs granted on ")
                .contains("run this step as the admin principal");
        assertThat(aclsOf(broker, accountUser, projectorUser)).isEmpty();
    }

    @Test
    void shouldGiveUpOnAnUnreachableClusterWithinItsTimeoutSayingSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(Map.of("BANK_BOOTSTRAP_SERVERS", "localhost:" + closedPort,
                "BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "BANK_KAFKA_USERNAME", SECURITY.adminUser(),
                "BANK_KAFKA_PASSWORD", SECURITY.passwords().get(SECURITY.adminUser())));
        long start = System.nanoTime();

        Run refused = run(env, Duration.ofSeconds(3));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeout, not Kafka's minute").isLessThan(Duration.ofSeconds(20));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines()).singleElement().asString().contains("no answer within 3 s", "BANK_BOOTSTRAP_SERVERS");
    }

    private Map<String, String> adminEnvironment(KafkaBroker broker) {
        return new HashMap<>(Map.of(
                "BANK_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "BANK_KAFKA_USERNAME", SECURITY.adminUser(),
                "BANK_KAFKA_PASSWORD", SECURITY.passwords().get(SECURITY.adminUser()),
                "BANK_TOPIC_PREFIX", prefix,
                "BANK_ACL_ACCOUNT_SERVICE_USER", accountUser,
                "BANK_ACL_ACCOUNT_SERVICE_APPLICATION_ID", "acl-it-account-app",
                "BANK_ACL_LEDGER_PROJECTOR_USER", projectorUser,
                "BANK_ACL_LEDGER_PROJECTOR_APPLICATION_ID", "acl-it-projector-app"));
    }

    private static Set<AclBinding> aclsOf(KafkaBroker broker, String... users) throws Exception {
        Map<String, Object> config = new HashMap<>(SECURITY.adminClientConfig());
        config.put("bootstrap.servers", broker.bootstrapServers());
        Set<AclBinding> acls = new HashSet<>();
        try (Admin admin = Admin.create(config)) {
            for (String user : List.of(users)) {
                AclBindingFilter ofUser = new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
                acls.addAll(admin.describeAcls(ofUser).values().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
        }
        return acls;
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Map<String, String> env) {
        return run(env, TIMEOUT);
    }

    private static Run run(Map<String, String> env, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = BankAclsMain.run(Env.of(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), timeout);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
