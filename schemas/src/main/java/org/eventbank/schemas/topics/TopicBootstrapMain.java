package org.eventbank.schemas.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eventbank.schemas.serde.BankSerdes;

/**
 * Creates or verifies the bank's topics and exits: the topic-init step of the docker compose stack.
 * Exit code 0 when every topic exists as defined, 1 when an existing topic differs (the message
 * names the topic and the setting), 2 when the cluster cannot be reached.
 *
 * <p>Environment: {@code BANK_BOOTSTRAP_SERVERS} (default {@code localhost:9092}) and the settings
 * of {@link TopicSettings#fromEnvironment}. Run it from any service image:
 * {@code java -cp app.jar org.eventbank.schemas.topics.TopicBootstrapMain}.
 */
public final class TopicBootstrapMain {

    private TopicBootstrapMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String bootstrapServers = env.getOrDefault("BANK_BOOTSTRAP_SERVERS", "localhost:9092");
        BankTopics topics = BankTopics.of(TopicSettings.fromEnvironment(env), BankSerdes.singleObject());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicBootstrap.Report report = new TopicBootstrap(admin, Duration.ofSeconds(60)).ensure(topics.all());
            System.out.println("topics created: " + report.created() + ", verified: " + report.verified());
        } catch (TopicMismatchException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("cannot bootstrap topics on " + bootstrapServers + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
