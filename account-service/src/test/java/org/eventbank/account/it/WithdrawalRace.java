package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.eventbank.account.AccountService;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * No overdraft, whatever the concurrency: two instances, one account holding 500, 200 concurrent
 * withdrawals of 10 spread over both. The account's single writer serialises them. Run against the
 * in-JVM broker ({@link WithdrawalRaceIT}) and, where Docker runs, Kafka in a container
 * ({@link WithdrawalRaceOnContainerIT}).
 *
 * <p>Each client does what the contract tells a client to do with a 503 (not-ready during a
 * rebalance, outcome-unknown after a slow commit): it retries, after Retry-After, with the SAME
 * Idempotency-Key, at most {@value #RETRIES_MAX} times. So a pause cannot fail the race, but a
 * command applied twice still would: its client gets one 201 for two Withdrawn events, and the
 * final count is no longer 50 accepted and 150 insufficient-funds.
 */
final class WithdrawalRace {

    static final int RETRIES_MAX = 10;
    private static final long RETRY_AFTER_DEFAULT_MS = 1_000;

    private final BankHttp http = new BankHttp();
    private final List<String> retried = new CopyOnWriteArrayList<>();

    static void run(String bootstrapServers) throws Exception {
        new WithdrawalRace().against(bootstrapServers);
    }

    private void against(String bootstrapServers) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        String applicationId = "race-" + UUID.randomUUID();
        Map<String, String> envA = ServiceInstances.environment(bootstrapServers, prefix, applicationId);
        Map<String, String> envB = ServiceInstances.environment(bootstrapServers, prefix, applicationId);
        try (AccountService a = ServiceInstances.start(envA); AccountService b = ServiceInstances.start(envB)) {
            ServiceInstances.awaitReady(a, b);
            String account = "race-" + UUID.randomUUID();
            // Set-up retries a 503 with the same key too, so only the race itself is judged.
            assertThat(post(a.httpPort(), "/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"c-1\",\"currency\":\"EUR\"}",
                    "open-" + account, 0).join().statusCode()).isEqualTo(201);
            assertThat(post(b.httpPort(), "/accounts/" + account + "/deposits", "{\"amount\":500}", "deposit-" + account, 0)
                    .join().statusCode()).isEqualTo(201);

            List<CompletableFuture<HttpResponse<String>>> withdrawals = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int port = i % 2 == 0 ? a.httpPort() : b.httpPort();
                withdrawals.add(post(port, "/accounts/" + account + "/withdrawals", "{\"amount\":10}", "w-" + i, 0));
            }
            List<HttpResponse<String>> answers = withdrawals.stream().map(CompletableFuture::join).collect(Collectors.toList());
            System.out.println("withdrawal race: " + retried.size() + " answers were 503 and retried with the same key "
                    + retried.stream().distinct().collect(Collectors.toList()));
            assertThat(retried).as("a retried 503 is not-ready or outcome-unknown, nothing else")
                    .allMatch(type -> type.equals("/problems/not-ready") || type.equals("/problems/outcome-unknown"));

            Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
            assertThat(byStatus).as(answers.stream().filter(r -> r.statusCode() != 201 && r.statusCode() != 422)
                    .map(HttpResponse::body).limit(3).collect(Collectors.toList()).toString())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(201, 50L, 422, 150L));
            assertThat(answers.stream().filter(r -> r.statusCode() == 422).map(BankHttp::problemType).distinct())
                    .containsExactly("/problems/insufficient-funds");
            assertThat(answers.stream().filter(r -> r.statusCode() == 201).map(r -> BankHttp.json(r).path("balance").asLong()))
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(0, 49).map(n -> n * 10).boxed().collect(Collectors.toList()));

            BankTopics topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
            List<AccountEvent> ledger = LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account);
            assertThat(ledger).extracting(AccountEvent::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 52).boxed().collect(Collectors.toList()));
            assertThat(ledger.stream().filter(e -> e instanceof AccountEvent.Withdrawn)).hasSize(50);
            AccountEvent last = ledger.get(ledger.size() - 1);
            assertThat(last).isInstanceOfSatisfying(AccountEvent.Withdrawn.class, w -> assertThat(w.balanceAfterMinor()).isZero());
        }
    }

    /** One client's request: a 503 is retried after Retry-After with the same key, up to {@link #RETRIES_MAX} times. */
    private CompletableFuture<HttpResponse<String>> post(int port, String path, String body, String key, int retries) {
        return http.sendAsync(port, path, body, key).thenCompose(response -> {
            if (response.statusCode() != 503 || retries >= RETRIES_MAX) {
                return CompletableFuture.completedFuture(response);
            }
            retried.add(BankHttp.problemType(response));
            long waitMs = response.headers().firstValue("Retry-After").map(seconds -> Long.parseLong(seconds) * 1_000)
                    .orElse(RETRY_AFTER_DEFAULT_MS);
            Executor later = CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> key, later).thenCompose(same -> post(port, path, body, same, retries + 1));
        });
    }
}
