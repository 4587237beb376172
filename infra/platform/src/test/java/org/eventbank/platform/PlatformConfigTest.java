package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.platform.launch.LaunchOptions;
import org.junit.jupiter.api.Test;

/** The typed configs the launcher hands both services, from one environment. */
class PlatformConfigTest {

    private static final LaunchOptions OPTIONS = new LaunchOptions(19092, 18080, 18081, Path.of("/tmp/bank-data"));

    @Test
    void shouldGiveBothServicesTheSameTopicsEvenForABlankPrefix() {
        // BANK_TOPIC_PREFIX= once split the bank: account-service wrote bank.* while the projector folded "account-events"
        Env env = Platform.serviceEnvironment(Map.of("BANK_TOPIC_PREFIX", "", "BANK_PARTITIONS", "3"), OPTIONS.dataDir());

        AccountServiceConfig account = AccountServiceConfig.fromEnvironment(env);
        LedgerProjectorConfig ledger = LedgerProjectorConfig.fromEnvironment(env);

        assertThat(account.cluster().topics()).isEqualTo(ledger.cluster().topics());
        assertThat(account.cluster().bankTopics().events().name()).isEqualTo("bank.account-events")
                .isEqualTo(ledger.cluster().bankTopics().events().name());
        assertThat(account.cluster().topics().partitions()).isEqualTo(3);
    }

    @Test
    void shouldRunEachServiceOnTheLaunchersBrokerPortsFoldersAndApplicationId() {
        Env env = Platform.serviceEnvironment(Map.of("BANK_HTTP_PORT", "9999", "BANK_STATE_DIR", "/elsewhere",
                "BANK_APPLICATION_ID", "shared", "BANK_COMMIT_INTERVAL_MS", "20"), OPTIONS.dataDir());
        ClusterSettings cluster = ClusterSettings.fromEnvironment(env).withConnection(KafkaConnection.plaintext("localhost:19092"));

        AccountServiceConfig account = Platform.accountConfig(AccountServiceConfig.fromEnvironment(env), env, OPTIONS, cluster);
        LedgerProjectorConfig ledger = Platform.ledgerConfig(LedgerProjectorConfig.fromEnvironment(env), env, OPTIONS, cluster);

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
    void shouldHaveBothServicesVerifyTheLocalIssuersTokensUnlessTheCallerNamesAnIdentityProvider() {
        // BANK_JWKS_URI is required outside dev mode: without this, reading the configs under ./bank up would stop there
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(Env.of(Map.of()))).hasMessageContaining("BANK_JWKS_URI");
        // ./bank token mints sub only: an owner claim or skew meant for another provider must not lock the local one out
        Env env = Platform.serviceEnvironment(Map.of("BANK_AUTH_DEV", "false", "BANK_DATA_DIR", "/elsewhere",
                "BANK_OWNER_CLAIM", "bank_ref", "BANK_TOKEN_CLOCK_SKEW", "PT1M"), OPTIONS.dataDir());
        ClusterSettings cluster = ClusterSettings.fromEnvironment(env);

        AccountServiceConfig account = Platform.accountConfig(AccountServiceConfig.fromEnvironment(env), env, OPTIONS, cluster);
        LedgerProjectorConfig ledger = Platform.ledgerConfig(LedgerProjectorConfig.fromEnvironment(env), env, OPTIONS, cluster);

        assertThat(account.auth()).isEqualTo(AuthSettings.localIssuer(OPTIONS.dataDir()));
        assertThat(ledger.auth()).isEqualTo(AuthSettings.localIssuer(OPTIONS.dataDir()));
        assertThat(account.auth().jwksUri()).isEqualTo(OPTIONS.dataDir().resolve("auth/jwks.json").toUri());
        assertThat(account.auth().issuer()).isEqualTo(LocalIssuer.ISSUER);
    }

    @Test
    void shouldLeaveTheCallersIdentityProviderAlone() {
        Map<String, String> provider = Map.of("BANK_JWKS_URI", "https://login.example.com/keys", "BANK_TOKEN_ISSUER",
                "https://login.example.com/", "BANK_TOKEN_AUDIENCE", "api://eventbank", "BANK_OWNER_CLAIM", "bank_ref");
        Env env = Platform.serviceEnvironment(provider, OPTIONS.dataDir());
        ClusterSettings cluster = ClusterSettings.fromEnvironment(env);

        AccountServiceConfig account = Platform.accountConfig(AccountServiceConfig.fromEnvironment(env), env, OPTIONS, cluster);
        LedgerProjectorConfig ledger = Platform.ledgerConfig(LedgerProjectorConfig.fromEnvironment(env), env, OPTIONS, cluster);

        for (AuthSettings auth : java.util.List.of(account.auth(), ledger.auth())) {
            assertThat(auth.jwksUri()).hasToString("https://login.example.com/keys");
            assertThat(auth.issuer()).isEqualTo("https://login.example.com/");
            assertThat(auth.audience()).isEqualTo("api://eventbank");
            assertThat(auth.ownerClaim()).isEqualTo("bank_ref");
            assertThat(auth.devMode()).isFalse();
        }
        // a provider named only in part is refused, naming what is missing, before anything starts
        Env partial = Platform.serviceEnvironment(Map.of("BANK_JWKS_URI", "https://login.example.com/keys"), OPTIONS.dataDir());
        assertThatThrownBy(() -> AccountServiceConfig.fromEnvironment(partial)).hasMessageContaining("BANK_TOKEN_ISSUER is not set");
    }
}
