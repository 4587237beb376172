package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.Progress;
import org.eventbank.platform.token.TokenCommand;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaOnlyPlatformIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @TempDir
    Path serviceState;

    @Test
    void shouldStartKafkaWithTheBankTopicsAndNoServiceWhenKafkaOnly() throws Exception {
        ByteArrayOutputStream progressLines = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(progressLines, true, StandardCharsets.UTF_8));
        try (Platform platform = Platform.start(new LaunchOptions(0, 0, 0, dataDir, true), Map.of(), progress);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            assertThat(platform.runsServices()).isFalse();
            // created topics reach the broker's metadata a moment after CreateTopics returns
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get())
                    .containsAll(BankTopics.defaults().all().stream().map(Topic::name).toList()));
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("topics created", "access tokens: ./bank token")
                    .doesNotContain("starting account-service", "starting ledger-projector");
            assertThat(dataDir.resolve("account-service")).doesNotExist();
            assertThat(LocalIssuer.jwksFile(dataDir)).as("the JWKS a service started by hand reads").isRegularFile();
        }
    }

    /** The banner's instructions, followed: a service jar started with the variables it names accepts ./bank token's tokens. */
    @Test
    void shouldTellHowToStartAServiceByHandThatAcceptsTheLocalTokens() throws Exception {
        Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (Platform platform = Platform.start(new LaunchOptions(0, 0, 0, dataDir, true), Map.of(), progress)) {
            ByteArrayOutputStream banner = new ByteArrayOutputStream();
            BankLauncher.printReady(new PrintStream(banner, true, StandardCharsets.UTF_8), platform, progress);
            String accountLine = banner.toString(StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains("java -jar account-service/target/account-service.jar")).findFirst().orElseThrow();
            Map<String, String> env = new HashMap<>(variablesOf(accountLine));
            assertThat(env).containsEntry("BANK_BOOTSTRAP_SERVERS", platform.bootstrapServers()).containsEntry("BANK_AUTH_DEV", "true")
                    .containsEntry("BANK_DATA_DIR", dataDir.toAbsolutePath().normalize().toString());
            env.putAll(Map.of("BANK_HTTP_PORT", "0", "BANK_STATE_DIR", serviceState.toString()));

            try (AccountService service = AccountService.start(AccountServiceConfig.fromEnvironment(Env.of(env)))) {
                String url = "http://localhost:" + service.httpPort() + "/metrics";
                assertThat(status(url, null)).as("no token").isEqualTo(401);
                assertThat(status(url, mint(List.of()))).as("./bank token's default token (auditor)").isEqualTo(200);
                assertThat(status(url, mint(List.of("--scope", "accounts:read")))).as("a token without bank:auditor").isEqualTo(403);
            }
        }
    }

    private static Map<String, String> variablesOf(String commandLine) {
        Map<String, String> variables = new HashMap<>();
        Matcher matcher = Pattern.compile("(BANK_[A-Z_]+)=(\\S+)").matcher(commandLine);
        while (matcher.find()) {
            variables.put(matcher.group(1), matcher.group(2));
        }
        return variables;
    }

    private String mint(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = TokenCommand.run(args, Env.of(Map.of("BANK_DATA_DIR", dataDir.toString())),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static int status(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
