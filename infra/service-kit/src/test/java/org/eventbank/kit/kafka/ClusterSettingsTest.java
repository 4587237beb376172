package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.eventbank.config.Env;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void shouldWriteTheNewestVersionOfEveryFamilyUnlessPinned() {
        assertThat(ClusterSettings.fromEnvironment(Env.of(Map.of())))
                .isEqualTo(new ClusterSettings(KafkaConnection.plaintext("localhost:9092"), TopicSettings.defaults(), "", WriterVersions.newest()));
        assertThat(ClusterSettings.fromEnvironment(Env.of(Map.of("BANK_EVENT_SCHEMA_VERSION", "1", "BANK_RESULT_SCHEMA_VERSION", " ")))
                .writerVersions()).isEqualTo(WriterVersions.pinned(Map.of(Family.EVENTS, 1)));
    }

    @Test
    void shouldRefuseAPinThisBuildCannotWrite() {
        int newest = Family.COMMANDS.newestVersion(SchemaCatalog.builtIn());
        String tooNew = Integer.toString(newest + 1);

        assertThatThrownBy(() -> ClusterSettings.fromEnvironment(Env.of(Map.of("BANK_COMMAND_SCHEMA_VERSION", tooNew))))
                .hasMessage("BANK_COMMAND_SCHEMA_VERSION must be a whole number from 1 to " + newest + ", not '" + tooNew + "'");
        assertThatThrownBy(() -> ClusterSettings.fromEnvironment(Env.of(Map.of("BANK_BALANCE_SCHEMA_VERSION", "0"))))
                .hasMessageContaining("BANK_BALANCE_SCHEMA_VERSION");
    }

    @Test
    void shouldHandThePinsToTheSerdes() {
        ClusterSettings settings = ClusterSettings.fromEnvironment(Env.of(Map.of("BANK_BALANCE_SCHEMA_VERSION", "1")));
        AccountBalance balance = AccountBalance.newBuilder().setAccountId("acc-1").setBalanceMinor(5L).setCurrency("EUR")
                .setVersion(2L).setUpdatedAt(java.time.Instant.EPOCH).build();

        byte[] pinned = settings.serdes().balance().serializer().serialize("t", balance);
        byte[] unpinned = ClusterSettings.fromEnvironment(Env.of(Map.of())).serdes().balance().serializer().serialize("t", balance);

        assertThat(SchemaCatalog.builtIn().versionOf(fingerprintOf(pinned))).hasValue(1);
        assertThat(SchemaCatalog.builtIn().versionOf(fingerprintOf(unpinned))).hasValue(2);
        assertThat(settings.serdes().balance().deserializer().deserialize("t", pinned)).isEqualTo(balance);
    }

    private static long fingerprintOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
