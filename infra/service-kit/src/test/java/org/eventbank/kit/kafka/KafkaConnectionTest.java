package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.eventbank.config.Env;
import org.junit.jupiter.api.Test;

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
                .hasMessageContaining("BANK_KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Env.of(Map.of("BANK_KAFKA_USERNAME", "account-service"))))
                .as("a principal without SASL would be silently unused").hasMessageContaining("BANK_KAFKA_USERNAME");
    }
}
