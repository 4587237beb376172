package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

    @Test
    void shouldConnectWithoutAuthenticationByDefault() {
        KafkaConnection connection = KafkaConnection.fromEnvironment(Env.of(Map.of()));

        assertThat(connection).isEqualTo(KafkaConnection.plaintext("localhost:9092"));
        assertThat(connection.clientConfig()).isEqualTo(Map.of("bootstrap.servers", "localhost:9092", "security.protocol", "PLAINTEXT"));
    }

    @Test
    void shouldGiveEveryClientTheServicesPrincipalWithSasl() {
        KafkaConnection connection = KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "BANK_KAFKA_USERNAME", "account-service",
                "BANK_KAFKA_PASSWORD", "s3cret-pw")));

        assertThat(connection.clientConfig()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"account-service\" password=\"s3cret-pw\";");
        assertThat(connection.clientProperties()).containsEntry("bootstrap.servers", "k1:9092,k2:9092");
        assertThat(connection.toString()).isEqualTo("k1:9092,k2:9092 (SASL_PLAINTEXT as account-service)").doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseAnIncompletePrincipalNamingTheVariableButNeverThePassword() {
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "BANK_KAFKA_USERNAME", "account-service")))).hasMessageContaining("BANK_KAFKA_PASSWORD");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "BANK_KAFKA_USERNAME", "account-service", "BANK_KAFKA_PASSWORD", "has\"quote"))))
                .hasMessageContaining("BANK_KAFKA_PASSWORD").message().doesNotContain("has\"quote");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SSL"))))
                .as("TLS without a principal: every client would be the certificate's, not the service's")
                .hasMessageContaining("BANK_KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_USERNAME", "account-service"))))
                .as("a principal without SASL would be silently unused").hasMessageContaining("BANK_KAFKA_USERNAME");
    }

    /** A stand-in CA certificate: the connection only checks that the file is a PEM certificate file; Kafka parses it. */
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void shouldGiveEveryClientThePrincipalAndThePemTruststoreWithSaslSsl(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), CA_PEM);
        KafkaConnection connection = KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_BOOTSTRAP_SERVERS", "kafka:29092",
                "BANK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "BANK_KAFKA_USERNAME", "ledger-projector",
                "BANK_KAFKA_PASSWORD", "s3cret-pw", "BANK_KAFKA_SSL_TRUSTSTORE", ca.toString())));

        assertThat(connection).isEqualTo(KafkaConnection.scramOverTls("kafka:29092", "ledger-projector", "s3cret-pw", ca));
        assertThat(connection.clientConfig()).isEqualTo(Map.of(
                "bootstrap.servers", "kafka:29092",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"ledger-projector\" password=\"s3cret-pw\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", ca.toString(),
                "ssl.endpoint.identification.algorithm", "https"));
        assertThat(connection.toString()).isEqualTo("kafka:29092 (SASL_SSL as ledger-projector, trusting the CA in " + ca + ")")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseSaslSslWithoutAReadableCertificateFileNamingTheVariable(@TempDir Path dir) throws IOException {
        Map<String, String> saslSsl = Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "BANK_KAFKA_USERNAME", "account-service",
                "BANK_KAFKA_PASSWORD", "s3cret-pw");
        Path missing = dir.resolve("no-such-ca.crt");
        Path notPem = Files.write(dir.resolve("truststore.jks"), new byte[] {(byte) 0xfe, (byte) 0xed, (byte) 0xfe, (byte) 0xed, 0, 2});
        Path privateKeyOnly = Files.writeString(dir.resolve("broker.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(saslSsl))).as("unset")
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_KAFKA_SSL_TRUSTSTORE must be a readable PEM file");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(with(saslSsl, "BANK_KAFKA_SSL_TRUSTSTORE", "  ")))).as("blank")
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_KAFKA_SSL_TRUSTSTORE must be");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(with(saslSsl, "BANK_KAFKA_SSL_TRUSTSTORE", missing.toString()))))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_KAFKA_SSL_TRUSTSTORE must be")
                .hasMessageEndingWith("not '" + missing + "'");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(with(saslSsl, "BANK_KAFKA_SSL_TRUSTSTORE", dir.toString()))))
                .as("a folder").isInstanceOf(SettingException.class).hasMessageStartingWith("BANK_KAFKA_SSL_TRUSTSTORE must be");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(with(saslSsl, "BANK_KAFKA_SSL_TRUSTSTORE", notPem.toString()))))
                .as("a JKS store").isInstanceOf(SettingException.class).hasMessageContaining("BANK_KAFKA_SSL_TRUSTSTORE")
                .hasMessageContaining("holds no -----BEGIN CERTIFICATE----- block");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(with(saslSsl, "BANK_KAFKA_SSL_TRUSTSTORE", privateKeyOnly.toString()))))
                .as("a key, not a certificate").isInstanceOf(SettingException.class).hasMessageContaining("holds no -----BEGIN CERTIFICATE-----")
                .message().doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseATruststoreWithAProtocolThatWouldIgnoreIt(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), CA_PEM);

        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_SSL_TRUSTSTORE", ca.toString()))))
                .as("PLAINTEXT").isInstanceOf(SettingException.class)
                .hasMessageStartingWith("BANK_KAFKA_SSL_TRUSTSTORE must be unset with PLAINTEXT");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "BANK_KAFKA_USERNAME", "account-service", "BANK_KAFKA_PASSWORD", "s3cret-pw", "BANK_KAFKA_SSL_TRUSTSTORE", ca.toString()))))
                .as("SASL_PLAINTEXT: the operator meant TLS and would get none").isInstanceOf(SettingException.class)
                .hasMessageStartingWith("BANK_KAFKA_SSL_TRUSTSTORE must be unset with SASL_PLAINTEXT");
        assertThat(KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_SSL_TRUSTSTORE", " "))).truststore())
                .as("blank is unset, as for every setting").isNull();
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(env);
        more.put(name, value);
        return more;
    }
}
