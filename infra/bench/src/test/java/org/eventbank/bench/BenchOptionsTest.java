package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @Test
    void shouldUseTheDocumentedDefaults() {
        BenchOptions options = BenchOptions.defaults();

        assertThat(options.mode()).isEqualTo(BenchMode.HTTP);
        assertThat(options.accounts()).isEqualTo(10_000);
        assertThat(options.clients()).isEqualTo(16);
        assertThat(options.durationSeconds()).isEqualTo(60);
        assertThat(options.countsCommands()).isFalse();
        assertThat(options.warmupSeconds()).isEqualTo(10);
        assertThat(options.fixedRate()).isFalse();
        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.accountUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(options.ledgerUrl()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(options.topicPrefix()).isEqualTo("bank.");
        assertThat(options.out()).isEqualTo(Path.of("bench-result.json"));
        assertThat(options.visibilitySampleEvery()).isEqualTo(100);
        assertThat(options.idempotencyKeys()).isFalse();
        assertThat(options.accountApplicationId()).isEqualTo("bank-account-service");
        assertThat(options.idempotencySettleSeconds()).isZero();
        assertThat(BenchOptions.parse(java.util.List.of(), java.util.Map.of()).dataDir())
                .isEqualTo(Path.of("./data").toAbsolutePath().normalize());
    }

    @Test
    void shouldMintItsTokenFromTheDataFolderOfTheFlagElseOfBankDataDir() {
        java.util.Map<String, String> env = java.util.Map.of("BANK_DATA_DIR", "/tmp/bank-env");

        assertThat(BenchOptions.parse(java.util.List.of(), env).dataDir()).isEqualTo(Path.of("/tmp/bank-env"));
        assertThat(BenchOptions.parse(java.util.List.of("--data-dir", "/tmp/bank-flag"), env).dataDir()).isEqualTo(Path.of("/tmp/bank-flag"));
        assertThat(BenchOptions.USAGE).contains("--data-dir DIR", "bank:teller bank:auditor", "BANK_DATA_DIR");
    }

    @Test
    void shouldConnectToKafkaAsTheAdminOfALockedDataFolderElsePlaintext(@TempDir Path dataDir) {
        LocalKafkaCredentials credentials = LocalKafkaCredentials.create(dataDir);

        assertThat(BenchOptions.parse("--data-dir", dataDir.toString()).connection())
                .isEqualTo(credentials.connection("localhost:9092", LocalKafkaCredentials.ADMIN));
        assertThat(BenchOptions.parse("--data-dir", dataDir.resolve("unlocked").toString(), "--bootstrap-servers", "k:1").connection())
                .isEqualTo(KafkaConnection.plaintext("k:1"));
    }

    @Test
    void shouldNeedATokenOnlyWhenItCallsTheServicesOverHttp() {
        assertThat(BenchOptions.parse("--mode", "http").callsServicesOverHttp()).isTrue();
        assertThat(BenchOptions.parse("--mode", "core").callsServicesOverHttp()).as("visibility probes read the projector").isTrue();
        assertThat(BenchOptions.parse("--mode", "core", "--visibility-sample-every", "0").callsServicesOverHttp()).isFalse();
    }

    @Test
    void shouldReadTheIdempotencyStoreFlags() {
        BenchOptions options = BenchOptions.parse("--idempotency-keys", "true", "--account-application-id", "bank-2",
                "--idempotency-settle-seconds", "45");
        assertThat(options.idempotencyKeys()).isTrue();
        assertThat(options.accountApplicationId()).isEqualTo("bank-2");
        assertThat(options.idempotencySettleSeconds()).isEqualTo(45);
        assertThatThrownBy(() -> BenchOptions.parse("--idempotency-keys", "yes"))
                .hasMessageContaining("--idempotency-keys must be true or false, not 'yes'");
        assertThatThrownBy(() -> BenchOptions.parse("--account-application-id", "a b"))
                .hasMessageContaining("--account-application-id");
    }

    @Test
    void shouldMakeANewKeyForEveryCommandOnlyWhenAsked() {
        IdempotencyKeys keys = IdempotencyKeys.forRun("r1");
        assertThat(keys.next()).isEqualTo("bench-r1-1");
        assertThat(keys.next()).isEqualTo("bench-r1-2");
        assertThat(IdempotencyKeys.none().next()).isNull();
        assertThat(IdempotencyStoreSize.changelog("bank-account-service")).isEqualTo("bank-account-service-idempotency-changelog");
    }

    @Test
    void shouldReadFlagsInBothSpellings() {
        BenchOptions options = BenchOptions.parse("--mode", "core", "--clients=2048", "--commands", "1_000_000",
                "--rate", "5000", "--account-url", "http://bank:9000/", "--visibility-sample-every", "0");

        assertThat(options.mode()).isEqualTo(BenchMode.CORE);
        assertThat(options.clients()).isEqualTo(2048);
        assertThat(options.countsCommands()).isTrue();
        assertThat(options.commands()).isEqualTo(1_000_000);
        assertThat(options.ratePerSecond()).isEqualTo(5000);
        assertThat(options.accountUrl()).isEqualTo(URI.create("http://bank:9000"));
        assertThat(options.visibilitySampleEvery()).isZero();
    }

    @Test
    void shouldLeaveTransfersOutUnlessTheMixAsksForThem() {
        assertThat(BenchOptions.defaults().transferPercent()).isZero();
        assertThat(BenchOptions.defaults().transfers()).isFalse();
        assertThat(BenchOptions.parse("--mix", "transfers=0%").transfers()).isFalse();
        assertThat(BenchOptions.USAGE).contains("--mix transfers=N%");
    }

    @Test
    void shouldReadTheTransferShareOfTheMixInBothSpellings() {
        assertThat(BenchOptions.parse("--mix", "transfers=25%").transferPercent()).isEqualTo(25);
        assertThat(BenchOptions.parse("--mix=transfers=100%").transferPercent()).isEqualTo(100);
        assertThat(BenchOptions.parse("--mix", "transfers=7%", "--mode", "core").transfers()).isTrue();
        assertThat(BenchOptions.parse("--mix", "transfers=30%").withOut(Path.of("x.json")).transferPercent()).isEqualTo(30);
    }

    @Test
    void shouldRefuseAMixThatIsNotExactlyTransfersEqualsAWholePercentFrom0To100() {
        for (String bad : new String[] {"transfers=25", "transfers=101%", "transfers=-1%", "transfers=2.5%",
                "transfers=+5%", "transfers=%", "transfers= 5%", " transfers=5%", "Transfers=5%", "deposits=10%",
                "transfers=5%,deposits=5%", "transfers=1000%", ""}) {
            assertThatThrownBy(() -> BenchOptions.parse("--mix", bad)).as("--mix '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--mix");
        }
        assertThatThrownBy(() -> BenchOptions.parse("--mix", "transfers=25"))
                .hasMessageContaining("--mix must be transfers=N% with N a whole number from 0 to 100, not 'transfers=25'");
        assertThatThrownBy(() -> BenchOptions.parse("--mix", "transfers=101%"))
                .hasMessageContaining("--mix transfers=N% needs N from 0 to 100, not 101");
        assertThatThrownBy(() -> BenchOptions.parse("--mix")).hasMessageContaining("--mix needs a value");
    }

    @Test
    void shouldNeedTwoAccountsForTransfers() {
        assertThatThrownBy(() -> BenchOptions.parse("--mix", "transfers=10%", "--accounts", "1"))
                .hasMessageContaining("--mix with transfers needs --accounts of at least 2");
        assertThat(BenchOptions.parse("--mix", "transfers=0%", "--accounts", "1").accounts()).isEqualTo(1);
    }

    @Test
    void shouldNameTheFlagThatIsWrong() {
        assertThatThrownBy(() -> BenchOptions.parse("--mode", "grpc")).hasMessageContaining("--mode must be http or core");
        assertThatThrownBy(() -> BenchOptions.parse("--clients", "many")).hasMessageContaining("--clients must be a whole number");
        assertThatThrownBy(() -> BenchOptions.parse("--clients", "0")).hasMessageContaining("--clients must be 1-100000");
        assertThatThrownBy(() -> BenchOptions.parse("--speed", "9")).hasMessageContaining("unknown flag --speed");
        assertThatThrownBy(() -> BenchOptions.parse("--accounts")).hasMessageContaining("--accounts needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--ledger-url", "localhost:8081")).hasMessageContaining("--ledger-url must be an http(s) URL");
    }
}
