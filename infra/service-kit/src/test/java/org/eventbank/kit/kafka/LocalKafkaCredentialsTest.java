package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldFindNoPrincipalsInAFolderMadeUnlocked() {
        assertThat(LocalKafkaCredentials.read(dataDir)).isEmpty();
    }

    @Test
    void shouldKeepARandomPasswordPerPrincipalOwnerOnlyAndReadTheSameBack() throws Exception {
        LocalKafkaCredentials made = LocalKafkaCredentials.create(dataDir);

        assertThat(LocalKafkaCredentials.read(dataDir)).contains(made);
        assertThat(made.passwords()).containsOnlyKeys(LocalKafkaCredentials.USERS);
        assertThat(made.passwords().values()).doesNotHaveDuplicates()
                .allSatisfy(password -> assertThat(password).matches("[A-Za-z0-9_-]{32}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalKafkaCredentials.file(dataDir))))
                .isEqualTo("rw-------");
        assertThat(LocalKafkaCredentials.create(dataDir.resolve("other")).passwords()).as("random per folder")
                .doesNotContainValue(made.passwords().get(LocalKafkaCredentials.ADMIN));
    }

    @Test
    void shouldConnectEachPrincipalWithItsOwnPasswordAToolAsTheAdminAndNeverPrintOne() {
        LocalKafkaCredentials made = LocalKafkaCredentials.create(dataDir);

        KafkaConnection projector = made.connection("localhost:9092", LocalKafkaCredentials.LEDGER_PROJECTOR);

        assertThat(projector).isEqualTo(KafkaConnection.scram("localhost:9092", LocalKafkaCredentials.LEDGER_PROJECTOR,
                made.passwords().get(LocalKafkaCredentials.LEDGER_PROJECTOR)));
        assertThat(LocalKafkaCredentials.toolConnection("localhost:9092", dataDir))
                .isEqualTo(made.connection("localhost:9092", LocalKafkaCredentials.ADMIN));
        assertThat(LocalKafkaCredentials.toolConnection("localhost:9092", dataDir.resolve("unlocked")))
                .isEqualTo(KafkaConnection.plaintext("localhost:9092"));
        assertThat(made.toString()).doesNotContain(made.passwords().values());
        assertThatThrownBy(() -> made.connection("localhost:9092", "stranger")).hasMessageContaining("no principal stranger");
    }

    @Test
    void shouldRefuseAFileMissingAPrincipalSayingWhatToDo() throws Exception {
        Files.writeString(LocalKafkaCredentials.file(dataDir), "bank-admin=abc\naccount-service=def\n");

        assertThatThrownBy(() -> LocalKafkaCredentials.read(dataDir))
                .hasMessageContaining("has no password for ledger-projector")
                .hasMessageContaining("start from a new data folder");
    }
}
