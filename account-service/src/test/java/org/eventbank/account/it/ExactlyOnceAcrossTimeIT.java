package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eventbank.account.AccountService;
import org.eventbank.account.app.CommandIds;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly once across time (decision 0014), on a real broker with one instance: the deadline, the clock of
 * idempotency retention, occurredAt from the single writer, and learning an outcome afterwards. The instance's
 * HTTP edge stamps commands with a clock the test shifts, which to its processor looks exactly like a command that
 * waited in the queue (shifted back) or an issuing instance whose clock runs ahead (shifted forward).
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceAcrossTimeIT {

    /** Short, so the deadline and the retention pass within a test: deadline 7 s, skew 1 s, retention 10 s. */
    private static final Map<String, String> SETTINGS = Map.of(
            "BANK_REQUEST_TIMEOUT_MS", "5000",
            "BANK_COMMAND_DEADLINE_MS", "7000",
            "BANK_CLOCK_SKEW_MS_MAX", "1000",
            "BANK_IDEMPOTENCY_RETENTION", "PT10S");
    private static final Duration DEADLINE = Duration.ofSeconds(7);

    private final BankHttp http = new BankHttp();
    private final ShiftableClock edgeClock = new ShiftableClock();
    private String bootstrapServers;
    private BankTopics topics;
    private AccountService service;

    @BeforeAll
    void start(KafkaBroker broker) throws IOException {
        bootstrapServers = broker.bootstrapServers();
        String prefix = ServiceInstances.uniquePrefix();
        topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
        Map<String, String> env = new HashMap<>(ServiceInstances.environment(bootstrapServers, prefix, "time-" + UUID.randomUUID()));
        env.putAll(SETTINGS);
        service = ServiceInstances.start(env, edgeClock);
        ServiceInstances.awaitReady(service);
    }

    @AfterEach
    void resetClock() {
        edgeClock.reset();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    // ---- the deadline ----

    @Test
    void shouldRefuseACommandPastItsDeadlineAsExpiredWritingNothingAndRunARetryWithTheSameKeyAsANewAttempt() {
        String account = open("deadline-" + UUID.randomUUID());
        // Issued a minute ago: to the processor, a command that waited in the queue past its deadline.
        edgeClock.shift(Duration.ofMinutes(-1));
        HttpResponse<String> late = post("/accounts/" + account + "/deposits", "{\"amount\":100}", "dep-1");

        assertThat(late.statusCode()).as(late.body()).isEqualTo(503);
        assertThat(BankHttp.problemType(late)).isEqualTo("/problems/expired");
        assertThat(late.headers().firstValue("Retry-After")).isPresent();
        assertThat(BankHttp.json(late).path("detail").asText()).contains("not decided before its deadline")
                .contains("nothing was written");
        String expiredId = late.headers().firstValue("Command-Id").orElseThrow();
        assertThat(resultOf(expiredId)).hasValueSatisfying(result -> {
            assertThat(result.getOutcome()).isEqualTo(Outcome.EXPIRED);
            assertThat(result.getVersion()).isNull();
        });

        edgeClock.reset();
        HttpResponse<String> retry = post("/accounts/" + account + "/deposits", "{\"amount\":100}", "dep-1");

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(BankHttp.json(retry).path("version").asLong()).isEqualTo(2);
        assertThat(BankHttp.json(retry).path("balance").asLong()).isEqualTo(100);
        List<AccountEvent> ledger = ledger(account);
        assertThat(ledger).extracting(AccountEvent::version).containsExactly(1L, 2L);
        assertThat(ledger.get(1).commandId()).isEqualTo(retry.headers().firstValue("Command-Id").orElseThrow());
    }

    @Test
    void shouldRefuseACommandFromAnInstanceWhoseClockRunsAheadByMoreThanTheAllowedSkew() {
        String account = open("skew-" + UUID.randomUUID());
        edgeClock.shift(Duration.ofSeconds(5));
        HttpResponse<String> ahead = post("/accounts/" + account + "/deposits", "{\"amount\":100}", null);

        assertThat(ahead.statusCode()).as(ahead.body()).isEqualTo(503);
        assertThat(BankHttp.problemType(ahead)).isEqualTo("/problems/expired");
        assertThat(BankHttp.json(ahead).path("detail").asText()).contains("ahead of the deciding processor's clock")
                .contains("allowed clock skew of 1000 ms");
        assertThat(ledger(account)).hasSize(1);

        // Within the allowed skew it is decided as usual.
        edgeClock.shift(Duration.ofMillis(300));
        assertThat(post("/accounts/" + account + "/deposits", "{\"amount\":100}", null).statusCode()).isEqualTo(201);
    }

    // ---- idempotency retention, counted from the first issuedAt ----

    @Test
    void shouldAnswerARetryIssuedInsideTheRetentionFromTheKeyEvenWhenItIsDecidedAfterTheRetention() throws Exception {
        String account = open("retention-" + UUID.randomUUID());
        long firstIssuedNotBeforeMs = System.currentTimeMillis();
        HttpResponse<String> first = post("/accounts/" + account + "/deposits", "{\"amount\":100}", "dep-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        // Decided 11 s after the first (retention 10 s), issued 7 s after it: inside the retention, and 3 s before its
        // own deadline, so only the key stands between it and a second deposit.
        Thread.sleep(Math.max(0, firstIssuedNotBeforeMs + 11_000 - System.currentTimeMillis()));
        edgeClock.shift(Duration.ofSeconds(-4));
        HttpResponse<String> retry = post("/accounts/" + account + "/deposits", "{\"amount\":100}", "dep-1");

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(BankHttp.json(retry)).isEqualTo(BankHttp.json(first));
        assertThat(ledger(account)).extracting(AccountEvent::version).containsExactly(1L, 2L);
    }

    // ---- occurredAt from the single writer ----

    @Test
    void shouldStampEventsWithTheSingleWritersClockSoACommandDecidedLateIsNotBackdated() {
        String account = "occurred-" + UUID.randomUUID();
        // Issued 3 s before it is decided (within its 7 s deadline): a command that waited in the queue.
        edgeClock.shift(Duration.ofSeconds(-3));
        Instant before = Instant.now();
        assertThat(post("/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"c-1\",\"currency\":\"EUR\"}", null)
                .statusCode()).isEqualTo(201);
        assertThat(post("/accounts/" + account + "/deposits", "{\"amount\":5}", null).statusCode()).isEqualTo(201);
        Instant after = Instant.now();

        List<AccountEvent> ledger = ledger(account);
        assertThat(ledger).hasSize(2).allSatisfy(event -> assertThat(event.occurredAt())
                .as("decided between %s and %s", before, after).isBetween(before.truncatedTo(ChronoUnit.MILLIS), after));
        assertThat(ledger.get(1).occurredAt()).isAfterOrEqualTo(ledger.get(0).occurredAt());
    }

    // ---- learning an outcome ----

    @Test
    void shouldTellTheFinalOutcomeOfACommandFromTheCommittedResults() throws Exception {
        String account = open("outcome-" + UUID.randomUUID());
        HttpResponse<String> deposit = post("/accounts/" + account + "/deposits", "{\"amount\":100}", null);
        HttpResponse<String> overdraft = post("/accounts/" + account + "/withdrawals", "{\"amount\":1000}", null);
        edgeClock.shift(Duration.ofMinutes(-1));
        HttpResponse<String> late = post("/accounts/" + account + "/deposits", "{\"amount\":100}", null);
        edgeClock.reset();
        assertThat(List.of(deposit.statusCode(), overdraft.statusCode(), late.statusCode())).containsExactly(201, 422, 503);

        JsonNode applied = outcome(account, commandId(deposit), 200);
        assertThat(applied.path("outcome").asText()).isEqualTo("applied");
        assertThat(applied.path("answer").path("status").asInt()).isEqualTo(201);
        assertThat(applied.path("answer").path("body")).isEqualTo(BankHttp.json(deposit));
        JsonNode refused = outcome(account, commandId(overdraft), 200);
        assertThat(refused.path("outcome").asText()).isEqualTo("refused");
        assertThat(refused.path("answer").path("status").asInt()).isEqualTo(422);
        assertThat(refused.path("answer").path("body").path("type").asText()).isEqualTo("/problems/insufficient-funds");
        JsonNode expired = outcome(account, commandId(late), 200);
        assertThat(expired.path("outcome").asText()).isEqualTo("expired");
        assertThat(expired.path("answer").path("body").path("type").asText()).isEqualTo("/problems/expired");

        // Never sent: not decided yet while its deadline (and the transactions that could hold a decision) may still
        // pass; once they have, never applied, without waiting for the processor to get there.
        HttpResponse<String> pending = http.send(service.httpPort(), "GET", "/accounts/" + account + "/commands/"
                + CommandIds.mint(Instant.now(), Optional.of(DEADLINE)), null, null);
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(BankHttp.json(pending).path("outcome").asText()).isEqualTo("pending");
        assertThat(pending.headers().firstValue("Retry-After")).isPresent();
        String longGone = CommandIds.mint(Instant.now().minusSeconds(60), Optional.of(DEADLINE));
        assertThat(outcome(account, longGone, 200).path("outcome").asText()).isEqualTo("expired");

        assertThat(http.send(service.httpPort(), "GET", "/accounts/" + account + "/commands/" + UUID.randomUUID(), null, null)
                .statusCode()).as("an id this service did not issue").isEqualTo(404);
        assertThat(http.send(service.httpPort(), "GET", "/accounts/other-" + account + "/commands/" + commandId(deposit), null,
                null).statusCode()).as("another account's command").isEqualTo(404);
    }

    @Test
    void shouldReadOnlyCommittedResultsSoAnAbortedDecisionIsNeverReportedAsApplied() throws Exception {
        String account = open("committed-" + UUID.randomUUID());
        String aborted = CommandIds.mint(Instant.now().truncatedTo(ChronoUnit.MILLIS), Optional.of(DEADLINE));
        String committed = CommandIds.mint(Instant.now().truncatedTo(ChronoUnit.MILLIS), Optional.of(DEADLINE));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outcome-it-" + UUID.randomUUID());
        try (var producer = new KafkaProducer<>(props, topics.results().keySerde().serializer(),
                topics.results().valueSerde().serializer())) {
            producer.initTransactions();
            // What a processor that crashed before its commit leaves behind: a decision in an aborted transaction.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.results().name(), aborted, acceptedResult(aborted, account))).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.results().name(), committed, acceptedResult(committed, account))).get();
            producer.commitTransaction();
        }

        assertThat(outcome(account, aborted, 200).path("outcome").asText()).isEqualTo("pending");
        JsonNode applied = outcome(account, committed, 200);
        assertThat(applied.path("outcome").asText()).isEqualTo("applied");
        assertThat(applied.path("answer").path("body").path("version").asLong()).isEqualTo(99);
    }

    private static CommandResult acceptedResult(String commandId, String account) {
        return CommandResult.newBuilder().setCommandId(commandId).setOutcome(Outcome.ACCEPTED).setAccountId(account)
                .setEventId("e-99").setVersion(99L).setBalanceMinor(1L).setCurrency("EUR").setReplayed(false).build();
    }

    private JsonNode outcome(String account, String commandId, int status) {
        HttpResponse<String> response = http.send(service.httpPort(), "GET", "/accounts/" + account + "/commands/" + commandId,
                null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return BankHttp.json(response);
    }

    private static String commandId(HttpResponse<String> response) {
        return response.headers().firstValue("Command-Id").orElseThrow();
    }

    private String open(String account) {
        HttpResponse<String> response = post("/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"c-1\",\"currency\":\"EUR\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return account;
    }

    private HttpResponse<String> post(String path, String body, String key) {
        return http.send(service.httpPort(), "POST", path, body, key);
    }

    private List<AccountEvent> ledger(String account) {
        return LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account);
    }

    private Optional<CommandResult> resultOf(String commandId) {
        return LedgerReader.readValues(bootstrapServers, topics.results()).stream()
                .filter(result -> result.getCommandId().equals(commandId)).findFirst();
    }
}
