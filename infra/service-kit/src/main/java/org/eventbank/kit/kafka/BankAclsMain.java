package org.eventbank.kit.kafka;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * The ACL step, after the topic bootstrap and before the services start: grants each service's principal exactly the
 * least-privilege ACLs of {@link BankAcls} (the table in docs/security.md) and exits. The compose stacks' {@code acl-init}
 * service; run it as the admin principal (a super user: only it may create ACLs). Kafka's createAcls is idempotent, so
 * running it again grants nothing twice; it never removes an ACL (one left from other settings, such as an old topic
 * prefix, stays until an operator removes it with {@code kafka-acls.sh --remove}).
 *
 * <p>Prints each ACL it granted, marked {@code new} or {@code already there}, then one summary line. Exit code 0 when
 * every ACL is in place; 2, with one line saying why, when a setting is wrong, the cluster cannot be reached or refuses
 * the admin (wrong password, not a super user), or the cluster has no authorizer.
 *
 * <p>Environment, read once: the admin's connection ({@link KafkaConnection#fromEnvironment}: {@code BANK_BOOTSTRAP_SERVERS},
 * {@code BANK_KAFKA_SECURITY_PROTOCOL}, {@code BANK_KAFKA_USERNAME}, {@code BANK_KAFKA_PASSWORD},
 * {@code BANK_KAFKA_SSL_TRUSTSTORE}), the topic layout ({@link TopicSettings#fromEnvironment}: {@code BANK_TOPIC_PREFIX}
 * and the rest, as the topic bootstrap reads them) and {@link Settings#fromEnvironment}. Run it from either service image:
 * {@code java -cp app.jar org.eventbank.kit.kafka.BankAclsMain}.
 */
public final class BankAclsMain {

    static final String PROGRAM = "bank-acls";
    public static final int EXIT_DONE = 0;
    /** As {@link Env#EXIT_BAD_SETTING}: nothing the step could fix by running again unchanged. */
    public static final int EXIT_NOT_DONE = Env.EXIT_BAD_SETTING;
    /** How long the step waits for the cluster, each call: a stack that is starting needs seconds, not minutes. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BankAclsMain() {
    }

    /**
     * Whose ACLs the step grants, and for which Streams applications.
     *
     * @param accountServiceUser             {@code BANK_ACL_ACCOUNT_SERVICE_USER}, default {@code account-service}: the
     *                                       SCRAM user name account-service connects as (its {@code BANK_KAFKA_USERNAME})
     * @param accountServiceApplicationId    {@code BANK_ACL_ACCOUNT_SERVICE_APPLICATION_ID}, default
     *                                       {@code bank-account-service}: account-service's {@code BANK_APPLICATION_ID},
     *                                       whose group, internal topics and transactional ids it may use
     * @param ledgerProjectorUser            {@code BANK_ACL_LEDGER_PROJECTOR_USER}, default {@code ledger-projector}
     * @param ledgerProjectorApplicationId   {@code BANK_ACL_LEDGER_PROJECTOR_APPLICATION_ID}, default
     *                                       {@code bank-ledger-projector}: the projector's {@code BANK_APPLICATION_ID}
     * @param topics                         the bank's topic layout, {@link TopicSettings#fromEnvironment} (the prefix names
     *                                       the topics the ACLs are on)
     */
    public record Settings(String accountServiceUser, String accountServiceApplicationId, String ledgerProjectorUser,
                           String ledgerProjectorApplicationId, TopicSettings topics) {

        /** The services' own defaults ({@code AccountServiceConfig}, {@code LedgerProjectorConfig}); the kit cannot see them. */
        public static final String DEFAULT_ACCOUNT_SERVICE_USER = "account-service";
        public static final String DEFAULT_ACCOUNT_SERVICE_APPLICATION_ID = "bank-account-service";
        public static final String DEFAULT_LEDGER_PROJECTOR_USER = "ledger-projector";
        public static final String DEFAULT_LEDGER_PROJECTOR_APPLICATION_ID = "bank-ledger-projector";
        /** As a SCRAM user name in {@link KafkaConnection}. */
        static final String USER_PATTERN = "[A-Za-z0-9._@+=-]{1,128}";
        static final String USER_FORM = "a SCRAM user name: 1-128 letters, digits or . _ @ + = -";
        /** As a Streams application id in {@code StreamsSettings}. */
        static final String APPLICATION_ID_PATTERN = "[A-Za-z0-9._-]+";
        static final String APPLICATION_ID_FORM = "a Streams application id: letters, digits, '.', '_' or '-'";

        public Settings {
            SettingException.require(accountServiceUser != null && accountServiceUser.matches(USER_PATTERN),
                    "BANK_ACL_ACCOUNT_SERVICE_USER", USER_FORM, accountServiceUser);
            SettingException.require(ledgerProjectorUser != null && ledgerProjectorUser.matches(USER_PATTERN),
                    "BANK_ACL_LEDGER_PROJECTOR_USER", USER_FORM, ledgerProjectorUser);
            // one principal for both would hold the union of both lists: the projector could write the ledger
            SettingException.require(!accountServiceUser.equals(ledgerProjectorUser), "BANK_ACL_LEDGER_PROJECTOR_USER",
                    "another user than BANK_ACL_ACCOUNT_SERVICE_USER (each service is a principal of its own)", ledgerProjectorUser);
            SettingException.require(accountServiceApplicationId != null && accountServiceApplicationId.matches(APPLICATION_ID_PATTERN),
                    "BANK_ACL_ACCOUNT_SERVICE_APPLICATION_ID", APPLICATION_ID_FORM, accountServiceApplicationId);
            SettingException.require(ledgerProjectorApplicationId != null && ledgerProjectorApplicationId.matches(APPLICATION_ID_PATTERN),
                    "BANK_ACL_LEDGER_PROJECTOR_APPLICATION_ID", APPLICATION_ID_FORM, ledgerProjectorApplicationId);
            // the prefixed ACLs on "<id>-" would let each service into the other's internal topics and transactions
            SettingException.require(!accountServiceApplicationId.startsWith(ledgerProjectorApplicationId + "-")
                            && !ledgerProjectorApplicationId.startsWith(accountServiceApplicationId + "-")
                            && !accountServiceApplicationId.equals(ledgerProjectorApplicationId),
                    "BANK_ACL_LEDGER_PROJECTOR_APPLICATION_ID",
                    "an application id that neither equals nor extends BANK_ACL_ACCOUNT_SERVICE_APPLICATION_ID with '-', nor is"
                            + " extended by it (each service's prefixed ACLs must cover only its own resources)",
                    ledgerProjectorApplicationId);
            SettingException.require(topics != null, "BANK_TOPIC_PREFIX", "a topic layout", topics);
            // a service holds ALL on topics prefixed "<its id>-": such a prefix would hand it every bank topic
            SettingException.require(!topics.prefix().startsWith(accountServiceApplicationId + "-")
                            && !topics.prefix().startsWith(ledgerProjectorApplicationId + "-"), "BANK_TOPIC_PREFIX",
                    "a prefix that does not start with a service's application id and '-' (that service may do anything"
                            + " with its own internal topics, named so)", topics.prefix());
        }

        public static Settings fromEnvironment(Env env) {
            return new Settings(
                    env.text("BANK_ACL_ACCOUNT_SERVICE_USER", DEFAULT_ACCOUNT_SERVICE_USER),
                    env.text("BANK_ACL_ACCOUNT_SERVICE_APPLICATION_ID", DEFAULT_ACCOUNT_SERVICE_APPLICATION_ID),
                    env.text("BANK_ACL_LEDGER_PROJECTOR_USER", DEFAULT_LEDGER_PROJECTOR_USER),
                    env.text("BANK_ACL_LEDGER_PROJECTOR_APPLICATION_ID", DEFAULT_LEDGER_PROJECTOR_APPLICATION_ID),
                    TopicSettings.fromEnvironment(env));
        }

        /** Every ACL the step grants: account-service's list, then the projector's ({@link BankAcls}). */
        public List<AclBinding> bindings() {
            BankTopics bankTopics = BankTopics.of(topics, BankSerdes.singleObject());
            List<AclBinding> bindings = new ArrayList<>(BankAcls.accountService(accountServiceUser, bankTopics, accountServiceApplicationId));
            bindings.addAll(BankAcls.ledgerProjector(ledgerProjectorUser, bankTopics, ledgerProjectorApplicationId));
            return List.copyOf(bindings);
        }
    }

    /**
     * What the step did.
     *
     * @param granted        every ACL of {@link Settings#bindings()}, now on the cluster
     * @param alreadyPresent those of them that were there before this run
     */
    public record Report(List<AclBinding> granted, Set<AclBinding> alreadyPresent) {

        public Report {
            granted = List.copyOf(granted);
            alreadyPresent = Set.copyOf(alreadyPresent);
        }

        public int added() {
            return granted.size() - alreadyPresent.size();
        }
    }

    public static void main(String[] args) {
        System.exit(run(Env.system(), System.out, System.err, TIMEOUT));
    }

    /**
     * The whole step, for {@code main} and tests: reads the settings from {@code env}, grants the ACLs, prints them to
     * {@code out} (or the one line saying why not to {@code err}) and returns the exit code.
     *
     * @param timeout the bound on each call to the cluster (and on the Admin client's own retries)
     */
    public static int run(Env env, PrintStream out, PrintStream err, Duration timeout) {
        KafkaConnection connection;
        Settings settings;
        try {
            connection = KafkaConnection.fromEnvironment(env);
            settings = Settings.fromEnvironment(env);
        } catch (SettingException e) {
            err.println(PROGRAM + ": cannot start: " + e.getMessage());
            return EXIT_NOT_DONE;
        }
        Report report;
        try {
            report = grant(connection, settings, timeout);
        } catch (AclStepException e) {
            err.println(PROGRAM + ": no ACLs granted on " + connection + ": " + e.getMessage());
            return EXIT_NOT_DONE;
        }
        for (AclBinding binding : report.granted()) {
            out.println("  " + describe(binding) + (report.alreadyPresent().contains(binding) ? "  (already there)" : "  (new)"));
        }
        out.println(PROGRAM + ": " + report.granted().size() + " ACLs in place on " + connection + " for "
                + settings.accountServiceUser() + " (application id " + settings.accountServiceApplicationId() + ") and "
                + settings.ledgerProjectorUser() + " (application id " + settings.ledgerProjectorApplicationId() + "), topics "
                + settings.topics().prefix() + "*: " + report.added() + " new, " + report.alreadyPresent().size() + " already there");
        return EXIT_DONE;
    }

    /**
     * Grants {@link Settings#bindings()} as {@code connection}'s principal (the admin) and says which were there already.
     *
     * @throws AclStepException when the cluster cannot be reached in {@code timeout}, refuses the principal, or has no
     *                          authorizer; its message is one line for the operator
     */
    public static Report grant(KafkaConnection connection, Settings settings, Duration timeout) {
        List<AclBinding> bindings = settings.bindings();
        Map<String, Object> config = new HashMap<>(connection.clientConfig());
        // bound the Admin client's own retries too, or a call on an unreachable cluster outlives our wait
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (RuntimeException e) {
            throw new AclStepException("cannot create a Kafka client: " + e.getMessage(), e);
        }
        try {
            Set<AclBinding> before = listed(admin, settings, timeout);
            await(admin.createAcls(bindings).all(), timeout, "creating the ACLs");
            awaitEnforced(admin, settings, bindings, timeout);
            Set<AclBinding> alreadyPresent = new HashSet<>(bindings);
            alreadyPresent.retainAll(before);
            return new Report(bindings, alreadyPresent);
        } finally {
            // nothing is left to wait for: on success every call is done; on failure the remaining ones are moot
            admin.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Returns once the broker answering lists every binding: a broker enforces an ACL only after its metadata has it, a
     * moment after the controller committed it, and a service started right after this step must not be refused.
     */
    private static void awaitEnforced(Admin admin, Settings settings, List<AclBinding> bindings, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (listed(admin, settings, timeout).containsAll(bindings)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AclStepException("the ACLs were created but the broker did not list them all within "
                        + timeout.toSeconds() + " s", null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AclStepException("interrupted while waiting for the broker to apply the ACLs", e);
            }
        }
    }

    /** Every ACL the answering broker lists for the two services' principals. */
    private static Set<AclBinding> listed(Admin admin, Settings settings, Duration timeout) {
        Set<AclBinding> listed = new HashSet<>();
        for (String user : List.of(settings.accountServiceUser(), settings.ledgerProjectorUser())) {
            listed.addAll(await(admin.describeAcls(ofPrincipal(user)).values(), timeout, "describing the ACLs of " + user));
        }
        return listed;
    }

    /** Every ACL of {@code User:<user>}, on any resource. */
    static AclBindingFilter ofPrincipal(String user) {
        return new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
    }

    /** One ACL as an operator reads it: {@code User:account-service ALLOW WRITE on TOPIC bank.account-events (LITERAL)}. */
    static String describe(AclBinding binding) {
        return binding.entry().principal() + " " + binding.entry().permissionType() + " " + binding.entry().operation()
                + " on " + binding.pattern().resourceType() + " " + binding.pattern().name() + " (" + binding.pattern().patternType() + ")";
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AclStepException("interrupted while " + what, e);
        } catch (TimeoutException e) {
            throw new AclStepException("no answer within " + timeout.toSeconds() + " s while " + what
                    + ": is the cluster up and BANK_BOOTSTRAP_SERVERS right?", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                // the Admin client's own deadline (set to the same timeout) may fire first: the same story
                throw new AclStepException("no answer within " + timeout.toSeconds() + " s while " + what
                        + ": is the cluster up and BANK_BOOTSTRAP_SERVERS right?", cause);
            }
            if (cause instanceof ClusterAuthorizationException) {
                throw new AclStepException(what + " was refused: run this step as the admin principal (a super user), "
                        + "not a service's (" + cause.getMessage() + ")", cause);
            }
            if (cause instanceof SecurityDisabledException) {
                throw new AclStepException("the cluster has no authorizer, so ACLs mean nothing there: set "
                        + "authorizer.class.name on the brokers (" + cause.getMessage() + ")", cause);
            }
            throw new AclStepException(what + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    /** The step could not be done; the message is the one line the operator reads. */
    public static final class AclStepException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        AclStepException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
