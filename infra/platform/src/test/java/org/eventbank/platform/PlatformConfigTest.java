package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.platform.launch.LaunchOptions;
import org.junit.jupiter.api.Test;

/** The typed configs the launcher hands both services, from one environment. */
class PlatformConfigTest {

    private static final LaunchOptions OPTIONS = new LaunchOptions(19092, 18080, 18081, Path.of("/tmp/bank-data"));

    @Test
    void shouldGiveBothServicesTheSameTopicsEvenForABlankPrefix() {
        // BANK_TOPIC_PREFIX= once split the bank: account-service wrote bank.* while the projector folded "account-events"
        Env env = Env.of(Map.of("BANK_TOPIC_PREFIX", "", "BANK_PARTITIONS", "3"));

        AccountServiceConfig account = AccountServiceConfig.fromEnvironment(env);
        LedgerProjectorConfig ledger = LedgerProjectorConfig.fromEnvironment(env);

        assertThat(account.cluster().topics()).isEqualTo(ledger.cluster().topics());
        assertThat(account.cluster().bankTopics().events().name()).isEqualTo("bank.account-events")
                .isEqualTo(ledger.cluster().bankTopics().events().name());
        assertThat(account.cluster().topics().partitions()).isEqualTo(3);
    }

    @Test
    void shouldRunEachServiceOnTheLaunchersBrokerPortsFoldersAndApplicationId() {
        Env env = Env.of(Map.of("BANK_HTTP_PORT", "9999", "BANK_STATE_DIR", "/elsewhere", "BANK_APPLICATION_ID", "shared",
                "BANK_COMMIT_INTERVAL_MS", "20"));
        ClusterSettings cluster = ClusterSettings.fromEnvironment(env).withBootstrapServers("localhost:19092");

        AccountServiceConfig account = Platform.accountConfig(AccountServiceConfig.fromEnvironment(env), env, OPTIONS, cluster);
        LedgerProjectorConfig ledger = Platform.ledgerConfig(LedgerProjectorConfig.fromEnvironment(env), OPTIONS, cluster);

        assertThat(account.cluster().bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(account.http().port()).isEqualTo(18080);
        assertThat(account.streams().stateDir()).isEqualTo(OPTIONS.accountStateDir());
        assertThat(account.streams().applicationId()).isEqualTo("bank-account-service");
        assertThat(account.streams().commitIntervalMs()).isEqualTo(20);
        assertThat(ledger.cluster()).isEqualTo(account.cluster());
        assertThat(ledger.http().port()).isEqualTo(18081);
        assertThat(ledger.http().advertisedHost()).isEqualTo("localhost");
        assertThat(ledger.streams().stateDir()).isEqualTo(OPTIONS.ledgerStateDir());
        assertThat(ledger.streams().applicationId()).isEqualTo("bank-ledger-projector");
        assertThat(ledger.streams().commitIntervalMs()).isEqualTo(20);
    }

    @Test
    void shouldShortenTheLocalSessionTimeoutUnlessTheCallerSetsOne() {
        ClusterSettings cluster = ClusterSettings.fromEnvironment(Env.of(Map.of()));
        Env unset = Env.of(Map.of());
        Env set = Env.of(Map.of("BANK_SESSION_TIMEOUT_MS", "30000"));

        assertThat(Platform.accountConfig(AccountServiceConfig.fromEnvironment(unset), unset, OPTIONS, cluster)
                .processor().sessionTimeoutMs()).isEqualTo((int) Platform.LOCAL_SESSION_TIMEOUT.toMillis());
        assertThat(Platform.accountConfig(AccountServiceConfig.fromEnvironment(set), set, OPTIONS, cluster)
                .processor().sessionTimeoutMs()).isEqualTo(30_000);
    }
}
