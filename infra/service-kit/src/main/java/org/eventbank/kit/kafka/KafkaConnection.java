package org.eventbank.kit.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;

/**
 * How every Kafka client of a service reaches the cluster and who it is there: the bootstrap servers and, on a
 * locked-down cluster, the SASL/SCRAM principal (docs/security.md). One place, so no client of the service (Streams and
 * its internal clients, producers, consumers, Admin) can be left connecting as nobody.
 *
 * @param bootstrapServers {@code BANK_BOOTSTRAP_SERVERS}, default {@code localhost:9092}: the Kafka cluster
 * @param securityProtocol {@code BANK_KAFKA_SECURITY_PROTOCOL}, {@code PLAINTEXT} (default: no authentication, for
 *                         {@code ./bank up} on localhost) or {@code SASL_PLAINTEXT}: SCRAM-SHA-512 with the principal below
 * @param username         {@code BANK_KAFKA_USERNAME}: the service's principal; required with SASL, refused without
 * @param password         {@code BANK_KAFKA_PASSWORD}: its password; required with SASL. Never printed
 *                         ({@link #toString()} hides it)
 */
public record KafkaConnection(String bootstrapServers, String securityProtocol, String username, String password) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String PLAINTEXT = "PLAINTEXT";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";
    /** Written into the JAAS line as they are: no quotes, backslashes or semicolons to escape. */
    private static final String CREDENTIAL_PATTERN = "[A-Za-z0-9._@+=-]{1,128}";
    private static final String CREDENTIAL_FORM = "1-128 letters, digits or . _ @ + = -";

    public KafkaConnection {
        SettingException.require(bootstrapServers != null && !bootstrapServers.isBlank(), "BANK_BOOTSTRAP_SERVERS",
                "host:port[,host:port...]", bootstrapServers);
        SettingException.require(PLAINTEXT.equals(securityProtocol) || SASL_PLAINTEXT.equals(securityProtocol),
                "BANK_KAFKA_SECURITY_PROTOCOL", PLAINTEXT + " or " + SASL_PLAINTEXT, securityProtocol);
        if (SASL_PLAINTEXT.equals(securityProtocol)) {
            SettingException.require(username != null && username.matches(CREDENTIAL_PATTERN), "BANK_KAFKA_USERNAME",
                    CREDENTIAL_FORM + " (required with " + SASL_PLAINTEXT + ")", username);
            // the value itself is never echoed: a refused password would end up in a log
            SettingException.require(password != null && password.matches(CREDENTIAL_PATTERN), "BANK_KAFKA_PASSWORD",
                    CREDENTIAL_FORM + " (required with " + SASL_PLAINTEXT + ")", "(hidden)");
        } else {
            SettingException.require(username == null && password == null, "BANK_KAFKA_USERNAME",
                    "unset with " + PLAINTEXT + " (set BANK_KAFKA_SECURITY_PROTOCOL=" + SASL_PLAINTEXT + " to use it)",
                    username == null ? "(a password)" : username);
        }
    }

    /** No authentication: a local broker. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, PLAINTEXT, null, null);
    }

    /** SASL/SCRAM-SHA-512 as {@code username}. */
    public static KafkaConnection scram(String bootstrapServers, String username, String password) {
        return new KafkaConnection(bootstrapServers, SASL_PLAINTEXT, username, password);
    }

    public static KafkaConnection fromEnvironment(Env env) {
        return new KafkaConnection(env.text("BANK_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS),
                env.text("BANK_KAFKA_SECURITY_PROTOCOL", PLAINTEXT),
                env.isSet("BANK_KAFKA_USERNAME") ? env.text("BANK_KAFKA_USERNAME", "") : null,
                env.isSet("BANK_KAFKA_PASSWORD") ? env.text("BANK_KAFKA_PASSWORD", "") : null);
    }

    /** The settings every client starts from: bootstrap servers, and with SASL the protocol, mechanism and JAAS line. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (SASL_PLAINTEXT.equals(securityProtocol)) {
            config.put(SaslConfigs.SASL_MECHANISM, SASL_MECHANISM);
            config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + username + "\" password=\"" + password + "\";");
        }
        return config;
    }

    /** {@link #clientConfig()} as the Properties most clients take. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(clientConfig());
        return props;
    }

    /** Who this is on which cluster, the password hidden. */
    @Override
    public String toString() {
        return bootstrapServers + " (" + securityProtocol + (username == null ? "" : " as " + username) + ")";
    }
}
