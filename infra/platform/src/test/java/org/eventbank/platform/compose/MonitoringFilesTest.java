package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventbank.platform.compose.ComposeFileTest.ROOT;
import static org.eventbank.platform.compose.ComposeFileTest.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eventbank.platform.monitoring.PrometheusTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The monitoring shipped with the compose stacks (infra/monitoring, infra/docker-compose.monitoring.yml): the alert
 * rules pass promtool's check and their own unit tests, the Prometheus configuration passes promtool with the files
 * where the overlay mounts them, its scrape targets are exactly the bank's instances of each stack under the jobs the
 * rules watch, and Grafana is provisioned with the dashboard on the provisioned data source.
 */
public class MonitoringFilesTest {

    static final Path MONITORING = ROOT.resolve("infra/monitoring");
    static final Path PROMETHEUS = MONITORING.resolve("prometheus");

    static Stream<String> stacks() {
        return ComposeFileTest.composeFiles();
    }

    @Test
    void shouldPassPromtoolsRuleCheckAndTheRulesOwnUnitTests() throws Exception {
        Path promtool = PrometheusTools.binary("promtool");

        PrometheusTools.Run check = PrometheusTools.run(PROMETHEUS, promtool.toString(), "check", "rules", "bank-alerts.yml");
        PrometheusTools.Run test = PrometheusTools.run(PROMETHEUS, promtool.toString(), "test", "rules", "bank-alerts.test.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 6 rules found");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void shouldPassPromtoolsConfigCheckWithTheFilesWhereTheOverlayMountsThem(@TempDir Path etc) throws Exception {
        Path promtool = PrometheusTools.binary("promtool");
        String config = Files.readString(PROMETHEUS.resolve("prometheus.yml"), StandardCharsets.UTF_8)
                .replace("/etc/prometheus/", etc + "/");
        Files.writeString(etc.resolve("prometheus.yml"), config);
        Files.copy(PROMETHEUS.resolve("bank-alerts.yml"), etc.resolve("bank-alerts.yml"));
        Files.createDirectories(etc.resolve("secrets"));
        Files.writeString(etc.resolve("secrets/bank-metrics-token"), "a-token");

        PrometheusTools.Run check = PrometheusTools.run(etc, promtool.toString(), "check", "config", "prometheus.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 1 rule files found");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void shouldScrapeExactlyTheBankInstancesOfTheStackUnderTheJobsTheRulesWatch(String file) throws IOException {
        ComposeFileTest.Compose stack = ComposeFileTest.Compose.parse(file);
        Map<String, Set<String>> expected = new TreeMap<>();
        stack.instances().forEach((name, service) -> expected.computeIfAbsent(jobOf(service), job -> new TreeSet<>())
                .add(service.path("hostname").asText() + ":" + environment(service).get("BANK_HTTP_PORT")));

        Map<String, Set<String>> scraped = new TreeMap<>();
        for (JsonNode job : prometheusConfig().path("scrape_configs")) {
            Set<String> targets = new TreeSet<>();
            job.path("static_configs").forEach(config -> config.path("targets").forEach(target -> targets.add(target.asText())));
            scraped.put(job.path("job_name").asText(), targets);
            assertThat(job.path("authorization").path("credentials_file").asText()).as("a bank:auditor token for /metrics")
                    .isEqualTo("/etc/prometheus/secrets/bank-metrics-token");
        }

        assertThat(scraped).isEqualTo(expected);
        String rules = Files.readString(PROMETHEUS.resolve("bank-alerts.yml"), StandardCharsets.UTF_8);
        assertThat(rules).contains("up{job=~\"" + String.join("|", expected.keySet()) + "\"}");
    }

    @Test
    void shouldMountEveryFileTheConfigurationsNameFromThisRepository() throws IOException {
        ComposeFileTest.Compose overlay = ComposeFileTest.Compose.parse("infra/docker-compose.monitoring.yml");
        Map<String, Path> mounted = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        overlay.services().forEach((name, service) -> service.path("volumes").forEach(volume -> {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                Path source = overlay.dir().resolve(parts[0]).normalize();
                if (!Files.exists(source)) {
                    missing.add(name + ": " + parts[0]);
                }
                mounted.put(parts[1], source);
            }
        }));
        assertThat(missing).as("bind mounts whose source is missing").isEmpty();

        JsonNode prometheus = prometheusConfig();
        assertThat(mounted).containsEntry("/etc/prometheus/prometheus.yml", PROMETHEUS.resolve("prometheus.yml"));
        prometheus.path("rule_files").forEach(rules -> assertThat(mounted).as("rule file " + rules.asText())
                .containsKey(rules.asText()));
        assertThat(mounted).containsEntry("/etc/prometheus/secrets", PROMETHEUS.resolve("secrets"));

        JsonNode provider = new YAMLMapper().readTree(MONITORING.resolve("grafana/provisioning/dashboards/bank.yml").toFile())
                .path("providers").get(0);
        assertThat(mounted).containsEntry(provider.path("options").path("path").asText(), MONITORING.resolve("grafana/dashboards"));
        assertThat(mounted).containsEntry("/etc/grafana/provisioning", MONITORING.resolve("grafana/provisioning"));
        assertThat(overlay.services().keySet()).containsExactlyInAnyOrder("prometheus", "grafana");
    }

    @Test
    void shouldDrawEveryPanelOfTheDashboardFromTheProvisionedDataSource() throws IOException {
        JsonNode source = new YAMLMapper().readTree(MONITORING.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana/dashboards/eventbank.json").toFile());

        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(source.path("uid").asText());
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.path("expr").asText()).isNotBlank());
        }
    }

    /** Every PromQL expression of the dashboard, for the test that runs them on a real Prometheus. */
    public static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("grafana/dashboards/eventbank.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    private static JsonNode prometheusConfig() throws IOException {
        return new YAMLMapper().readTree(PROMETHEUS.resolve("prometheus.yml").toFile());
    }

    /** The job a bank instance is scraped under: its image's name, account-service or ledger-projector. */
    private static String jobOf(JsonNode service) {
        String image = service.path("image").asText();
        return image.substring(image.indexOf('/') + 1, image.indexOf(':'));
    }
}
