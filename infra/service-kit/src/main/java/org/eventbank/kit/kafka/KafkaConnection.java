package org.eventbank.kit.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;

/**
 * How every Kafka client of a service reaches the cluster and who it is there: the bootstrap servers and, on a
 * locked-down cluster, the SASL/SCRAM principal and the certificates that prove the brokers are the bank's
 * (docs/security.md). One place, so no client of the service (Streams and its internal clients, producers, consumers,
 * Admin) can be left connecting as nobody, or over TLS to a broker it does not check.
 *
 * @param bootstrapServers {@code BANK_BOOTSTRAP_SERVERS}, default {@code localhost:9092}: the Kafka cluster
 * @param securityProtocol {@code BANK_KAFKA_SECURITY_PROTOCOL}, {@code PLAINTEXT} (default: no authentication, for
 *                         {@code ./bank up} on localhost), {@code SASL_PLAINTEXT} (SCRAM-SHA-512 with the principal
 *                         below, for tests on localhost) or {@code SASL_SSL} (the same over TLS: the compose stacks and
 *                         any cluster reached over a network)
 * @param username         {@code BANK_KAFKA_USERNAME}: the service's principal; required with SASL, refused without
 * @param password         {@code BANK_KAFKA_PASSWORD}: its password; required with SASL. Never printed
 *                         ({@link #toString()} hides it)
 * @param truststore       {@code BANK_KAFKA_SSL_TRUSTSTORE}, no default: a PEM file of the CA certificate(s) that
 *                         signed the brokers' certificates (the compose stacks': {@code infra/docker/tls/make-local-ca.sh}).
 *                         Required with {@code SASL_SSL} and checked at start (a readable file holding a certificate),
 *                         so a wrong path is named here rather than failing every TLS handshake later; refused with
 *                         the other protocols, where it would be silently unused. No default: trusting the JVM's
 *                         public CAs would accept any certificate a public CA issued for the brokers' names
 */
public record KafkaConnection(String bootstrapServers, String securityProtocol, String username, String password, Path truststore) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String PLAINTEXT = "PLAINTEXT";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    public static final String SASL_SSL = "SASL_SSL";
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";
    /** Kafka reads the CA certificates straight from PEM: no JKS or PKCS12 store, so no store password either. */
    public static final String TRUSTSTORE_TYPE = "PEM";
    /** Check that the broker's certificate names the host connected to, as HTTPS does (Kafka's default, set explicitly). */
    public static final String ENDPOINT_IDENTIFICATION = "https";
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    /** Written into the JAAS line as they are: no quotes, backslashes or semicolons to escape. */
    private static final String CREDENTIAL_PATTERN = "[A-Za-z0-9._@+=-]{1,128}";
    private static final String CREDENTIAL_FORM = "1-128 letters, digits or . _ @ + = -";

    public KafkaConnection {
        SettingException.require(bootstrapServers != null && !bootstrapServers.isBlank(), "BANK_BOOTSTRAP_SERVERS",
                "host:port[,host:port...]", bootstrapServers);
        SettingException.require(PLAINTEXT.equals(securityProtocol) || SASL_PLAINTEXT.equals(securityProtocol)
                        || SASL_SSL.equals(securityProtocol),
                "BANK_KAFKA_SECURITY_PROTOCOL", PLAINTEXT + ", " + SASL_PLAINTEXT + " or " + SASL_SSL, securityProtocol);
        if (isSasl(securityProtocol)) {
            SettingException.require(username != null && username.matches(CREDENTIAL_PATTERN), "BANK_KAFKA_USERNAME",
                    CREDENTIAL_FORM + " (required with " + securityProtocol + ")", username);
            // the value itself is never echoed: a refused password would end up in a log
            SettingException.require(password != null && password.matches(CREDENTIAL_PATTERN), "BANK_KAFKA_PASSWORD",
                    CREDENTIAL_FORM + " (required with " + securityProtocol + ")", "(hidden)");
        } else {
            SettingException.require(username == null && password == null, "BANK_KAFKA_USERNAME",
                    "unset with " + PLAINTEXT + " (set BANK_KAFKA_SECURITY_PROTOCOL=" + SASL_SSL + " or " + SASL_PLAINTEXT
                            + " to use it)",
                    username == null ? "(a password)" : username);
        }
        if (SASL_SSL.equals(securityProtocol)) {
            requireCertificateFile(truststore);
        } else {
            SettingException.require(truststore == null, "BANK_KAFKA_SSL_TRUSTSTORE",
                    "unset with " + securityProtocol + " (it is used only with BANK_KAFKA_SECURITY_PROTOCOL=" + SASL_SSL + ")",
                    truststore);
        }
    }

    /** No authentication: a local broker. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, PLAINTEXT, null, null, null);
    }

    /** SASL/SCRAM-SHA-512 as {@code username}, without TLS: a broker on localhost. */
    public static KafkaConnection scram(String bootstrapServers, String username, String password) {
        return new KafkaConnection(bootstrapServers, SASL_PLAINTEXT, username, password, null);
    }

    /** SASL/SCRAM-SHA-512 as {@code username} over TLS, trusting the brokers whose certificates {@code truststore}'s CA signed. */
    public static KafkaConnection scramOverTls(String bootstrapServers, String username, String password, Path truststore) {
        return new KafkaConnection(bootstrapServers, SASL_SSL, username, password, truststore);
    }

    /** The same principal and protocol on other bootstrap servers (a command's {@code --bootstrap-servers}). */
    public KafkaConnection withBootstrapServers(String servers) {
        return new KafkaConnection(servers, securityProtocol, username, password, truststore);
    }

    public static KafkaConnection fromEnvironment(Env env) {
        return new KafkaConnection(env.text("BANK_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS),
                env.text("BANK_KAFKA_SECURITY_PROTOCOL", PLAINTEXT),
                env.isSet("BANK_KAFKA_USERNAME") ? env.text("BANK_KAFKA_USERNAME", "") : null,
                env.isSet("BANK_KAFKA_PASSWORD") ? env.text("BANK_KAFKA_PASSWORD", "") : null,
                env.isSet("BANK_KAFKA_SSL_TRUSTSTORE") ? env.path("BANK_KAFKA_SSL_TRUSTSTORE", null) : null);
    }

    /**
     * The settings every client starts from: bootstrap servers, and with SASL the protocol, mechanism and JAAS line;
     * with {@code SASL_SSL} also the PEM truststore and the host name check.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (isSasl(securityProtocol)) {
            config.put(SaslConfigs.SASL_MECHANISM, SASL_MECHANISM);
            config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + username + "\" password=\"" + password + "\";");
        }
        if (SASL_SSL.equals(securityProtocol)) {
            config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TRUSTSTORE_TYPE);
            config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
            config.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, ENDPOINT_IDENTIFICATION);
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
        return bootstrapServers + " (" + securityProtocol + (username == null ? "" : " as " + username)
                + (truststore == null ? "" : ", trusting the CA in " + truststore) + ")";
    }

    private static boolean isSasl(String securityProtocol) {
        return SASL_PLAINTEXT.equals(securityProtocol) || SASL_SSL.equals(securityProtocol);
    }

    /** A readable file with at least one PEM certificate: what Kafka's PEM truststore loads. */
    private static void requireCertificateFile(Path truststore) {
        String form = "a readable PEM file of the CA certificate(s) that signed the brokers' certificates (required with "
                + SASL_SSL + "; infra/docker/tls/make-local-ca.sh makes one for the compose stacks)";
        SettingException.require(truststore != null && Files.isRegularFile(truststore) && Files.isReadable(truststore),
                "BANK_KAFKA_SSL_TRUSTSTORE", form, truststore);
        String content;
        try {
            // Latin-1 decodes any bytes: a binary store (JKS, PKCS12) is then refused below for what it is, not for its encoding
            content = new String(Files.readAllBytes(truststore), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            throw SettingException.of("BANK_KAFKA_SSL_TRUSTSTORE", form + "; reading it failed: " + e.getMessage(), truststore);
        }
        SettingException.require(content.contains(PEM_CERTIFICATE), "BANK_KAFKA_SSL_TRUSTSTORE",
                form + "; it holds no " + PEM_CERTIFICATE + " block", truststore);
    }
}
