package org.eventbank.kit.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eventbank.config.Env;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * Creates or verifies the bank's topics and exits: the topic-init step of the docker compose stack.
 * Exit code 0 when every topic exists as defined (a {@code min.insync.replicas} below min(2, RF) is raised in
 * place and reported), 1 when an existing topic differs (the message names the topic and the setting), 2 when
 * the cluster cannot be reached or a setting is wrong (such as a replication factor below 3 on a cluster of more
 * than one broker). The Streams changelogs are not its business: each service raises its own application's
 * at start-up ({@code ClusterSettings.prepare} with its application id).
 *
 * <p>Environment: {@code BANK_BOOTSTRAP_SERVERS} (default {@code localhost:9092}) and the settings
 * of {@link TopicSettings#fromEnvironment}. Run it from any service image:
 * {@code java -cp app.jar org.eventbank.kit.topics.TopicBootstrapMain}.
 */
public final class TopicBootstrapMain {

    private TopicBootstrapMain() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        String bootstrapServers = env.text("BANK_BOOTSTRAP_SERVERS", "localhost:9092");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            BankTopics topics = BankTopics.of(TopicSettings.fromEnvironment(env), BankSerdes.singleObject());
            TopicBootstrap.Report report = new TopicBootstrap(admin, Duration.ofSeconds(60)).ensure(topics.all());
            System.out.println("topics created: " + report.created() + ", verified: " + report.verified()
                    + ", min.insync.replicas raised: " + report.raised());
        } catch (TopicMismatchException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("cannot bootstrap topics on " + bootstrapServers + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
