package org.eventbank.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventbank.account.AccountService;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.platform.RepoRoot;
import org.eventbank.platform.compose.MonitoringFilesTest;
import org.eventbank.platform.monitoring.PrometheusTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package, which .ci/run installs) scrapes running services of both kinds with a
 * {@code bank:auditor} token and loads the shipped alert rules: both targets are up, both report ready, the ledger's
 * append histogram has samples, every rule is healthy and none fires, and every metric the rules and the Grafana
 * dashboard name is one the services serve, with every dashboard expression valid PromQL.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PrometheusScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:bank|ledger_projector|jetty|jvm|process|kafka|up)[a-z0-9_]*)\\b");

    @TempDir
    Path dir;

    private LocalServices services;
    private Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void shouldBeScrapedByARealPrometheusWithTheShippedRulesAndDashboard(KafkaBroker broker) throws Exception {
        Path binary = PrometheusTools.binary("prometheus");
        String run = "prom" + UUID.randomUUID().toString().substring(0, 8);
        services = new LocalServices(broker.bootstrapServers(), run + ".", dir.resolve("bank"));
        AccountService accounts = services.accounts(run + "-accounts", "accounts", Map.of());
        LedgerProjector projector = services.projector(run + "-ledger", "projector", true);
        ServiceHttp teller = services.teller();
        assertThat(teller.post(accounts.httpPort(), "/accounts", "{\"accountId\":\"p-1\",\"owner\":\"customer-1\",\"currency\":\"EUR\"}")
                .status()).isEqualTo(201);
        assertThat(teller.post(accounts.httpPort(), "/accounts/p-1/deposits", "{\"amount\":100}").status()).isEqualTo(201);
        // a query, so the projector's query histogram has a series
        await().atMost(Duration.ofSeconds(30)).until(() -> teller.get(projector.httpPort(), "/accounts/p-1/balance?minVersion=2")
                .status() == 200);

        int port = freePort();
        prometheus = startPrometheus(binary, port, accounts.httpPort(), projector.httpPort());
        String api = "http://127.0.0.1:" + port + "/api/v1/";
        // its first seconds (the TSDB, the rule files) on a busy machine: the queries below start once it says ready
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!prometheus.isAlive()) {
                throw new AssertionError("Prometheus exited with " + prometheus.exitValue() + ": "
                        + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(values(api, "up")).as("both targets scraped with the token").containsOnlyKeys("account-service", "ledger-projector")
                    .containsValues(1.0).doesNotContainValue(0.0);
            assertThat(values(api, "bank_ready")).containsOnlyKeys("account-service", "ledger-projector").doesNotContainValue(0.0);
            assertThat(values(api, "sum by (job) (bank_command_append_seconds_count)")).containsEntry("account-service", 2.0);
        });
        JsonNode rules = get(api + "rules").path("data").path("groups");
        assertThat(rules).singleElement().satisfies(group -> {
            assertThat(group.path("rules")).hasSize(6).allSatisfy(rule -> {
                assertThat(rule.path("health").asText()).as(rule.path("name").asText() + " " + rule.path("lastError")).isEqualTo("ok");
                assertThat(rule.path("state").asText()).as(rule.path("name").asText()).isEqualTo("inactive");
            });
        });

        Set<String> served = new TreeSet<>();
        get(api + "label/__name__/values").path("data").forEach(name -> served.add(name.asText()));
        List<String> expressions = new ArrayList<>(MonitoringFilesTest.dashboardExpressions());
        rules.get(0).path("rules").forEach(rule -> expressions.add(rule.path("query").asText()));
        for (String expression : expressions) {
            JsonNode answer = query(api, expression);
            assertThat(answer.path("status").asText()).as(expression + ": " + answer.path("error").asText()).isEqualTo("success");
            Matcher names = METRIC_NAME.matcher(expression.replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", ""));
            while (names.find()) {
                String name = names.group(1);
                assertThat(served).as("metric " + name + " of " + expression).contains(name);
            }
        }
    }

    private Process startPrometheus(Path binary, int port, int accountPort, int ledgerPort) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, services.tokenOf("prometheus", "bank:auditor"));
        Path rules = RepoRoot.find().resolve("infra/monitoring/prometheus/bank-alerts.yml");
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: account-service
                    authorization: {type: Bearer, credentials_file: "%s"}
                    static_configs: [{targets: ["localhost:%d"]}]
                  - job_name: ledger-projector
                    authorization: {type: Bearer, credentials_file: "%s"}
                    static_configs: [{targets: ["localhost:%d"]}]
                """.formatted(rules, token, accountPort, token, ledgerPort);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        return new ProcessBuilder(binary.toString(), "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** The value of each series of {@code expression} now, by job. */
    private static Map<String, Double> values(String api, String expression) throws Exception {
        Map<String, Double> byJob = new java.util.TreeMap<>();
        query(api, expression).path("data").path("result").forEach(series ->
                byJob.put(series.path("metric").path("job").asText(), series.path("value").get(1).asDouble()));
        return byJob;
    }

    private static JsonNode query(String api, String expression) throws Exception {
        return get(api + "query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
