package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 */
final class WithdrawalRace {

    private final BankHttp http = new BankHttp();

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
            assertThat(http.send(a.httpPort(), "POST", "/accounts",
                    "{\"accountId\":\"" + account + "\",\"owner\":\"c-1\",\"currency\":\"EUR\"}", null).statusCode()).isEqualTo(201);
            assertThat(http.send(b.httpPort(), "POST", "/accounts/" + account + "/deposits", "{\"amount\":500}", null)
                    .statusCode()).isEqualTo(201);

            List<CompletableFuture<HttpResponse<String>>> withdrawals = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int port = i % 2 == 0 ? a.httpPort() : b.httpPort();
                withdrawals.add(http.sendAsync(port, "/accounts/" + account + "/withdrawals", "{\"amount\":10}", "w-" + i));
            }
            List<HttpResponse<String>> answers = withdrawals.stream().map(CompletableFuture::join).collect(Collectors.toList());

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
}
