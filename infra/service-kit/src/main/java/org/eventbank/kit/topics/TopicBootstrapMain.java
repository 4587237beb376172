package org.eventbank.kit.topics;

import java.time.Duration;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * The topic bootstrap, a step of its own before the services start: creates or verifies the bank's topics and exits
 * (the topic-init service of the compose stacks; {@code ./bank up} runs the same {@link TopicBootstrap#ensure}). Run
 * it as the admin principal: it needs CREATE and ALTER_CONFIGS on the bank's topics, which no service holds; a
 * service only checks them at its start and refuses to start, naming this step, if one is missing.
 * Exit code 0 when every topic exists as defined (a {@code min.insync.replicas} below min(2, RF) is raised in
 * place and reported), 1 when an existing topic differs (the message names the topic and the setting), 2 when
 * the cluster cannot be reached or a setting is wrong (such as a replication factor below 3 on a cluster of more
 * than one broker). The Streams changelogs are not its business: each service raises its own application's
 * at start-up ({@code ClusterSettings.prepare} with its application id).
 *
 * <p>Environment: {@code BANK_BOOTSTRAP_SERVERS} (default {@code localhost:9092}) and the principal
 * ({@link KafkaConnection#fromEnvironment}), and the settings of {@link TopicSettings#fromEnvironment}. Run it from any service image:
 * {@code java -cp app.jar org.eventbank.kit.topics.TopicBootstrapMain}.
 */
public final class TopicBootstrapMain {

    private TopicBootstrapMain() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        KafkaConnection connection = KafkaConnection.fromEnvironment(env);
        try {
            BankTopics topics = BankTopics.of(TopicSettings.fromEnvironment(env), BankSerdes.singleObject());
            TopicBootstrap.Report report = TopicBootstrap.ensure(connection, topics.all(), Duration.ofSeconds(60));
            System.out.println("topics created: " + report.created() + ", verified: " + report.verified()
                    + ", min.insync.replicas raised: " + report.raised());
        } catch (TopicMismatchException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("cannot bootstrap topics on " + connection + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
