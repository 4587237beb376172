package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.eventbank.account.AccountService;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transfers on a real broker (issue 15): concurrent clients move money at random between accounts, two on every partition,
 * through two account-service instances, some to payees that cannot take it and some over the balance, retrying on
 * unknown outcomes with the same key. Afterwards, per currency, the balances add up to what was deposited with nothing
 * in flight, every transfer has exactly one debit and exactly one credit or reversal, versions are contiguous, no
 * balance is negative, and every answer matches the ledger. Once with both instances up, once with one of them (a
 * child JVM) killed -9 mid-load.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TransferConservationIT {

    private static final int PARTITIONS = 6;
    /** Accounts per partition: every partition is a payer's and a payee's, and most transfers cross partitions. */
    private static final int ACCOUNTS_PER_PARTITION = 2;
    private static final long OPENING_DEPOSIT = 10_000;

    private final BankHttp http = new BankHttp();

    @Test
    void shouldConserveMoneyAndSettleEveryTransferExactlyOnceUnderConcurrency(KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        String applicationId = "transfers-" + UUID.randomUUID();
        try (AccountService first = ServiceInstances.start(environment(broker, prefix, applicationId));
             AccountService second = ServiceInstances.start(environment(broker, prefix, applicationId))) {
            ServiceInstances.awaitReady(first, second);
            List<Integer> ports = List.of(first.httpPort(), second.httpPort());
            Bank bank = prepareAccounts(ports);
            TransferLoad load = new TransferLoad();
            AtomicInteger attempt = new AtomicInteger();
            load.run(4, 30, bank.accounts(), bank.strangers(), () -> ports.get(attempt.getAndIncrement() % ports.size()), () -> {
            });
            checkSettled(broker, prefix, load, bank);
        }
    }

    @Test
    void shouldConserveMoneyWhenAnInstanceIsKilledMidLoad(KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        String applicationId = "transfers-crash-" + UUID.randomUUID();
        Map<String, String> childEnv = environment(broker, prefix, applicationId);
        Path childLog = Path.of("target", "transfer-crash-child-" + applicationId + ".log");
        try (AccountService survivor = ServiceInstances.start(environment(broker, prefix, applicationId));
             ChildInstance child = ChildInstance.start(childEnv, childLog)) {
            ServiceInstances.awaitReady(survivor);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> http.isReady(child.httpPort));
            ServiceInstances.awaitReady(survivor);
            List<Integer> ports = List.of(survivor.httpPort(), child.httpPort);
            Bank bank = prepareAccounts(ports);
            TransferLoad load = new TransferLoad();
            AtomicInteger attempt = new AtomicInteger();
            load.run(4, 40, bank.accounts(), bank.strangers(), () -> ports.get(attempt.getAndIncrement() % ports.size()), () -> {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.answers().size() >= 30);
                try {
                    child.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf("transfers under kill -9: %d answered, %d attempts retried%n", load.answers().size(),
                    load.retries());
            assertThat(load.retries()).as("some requests met the killed instance and were retried").isPositive();
            checkSettled(broker, prefix, load, bank);
        }
    }

    /** The accounts the clients move money between, funded, and the payees that cannot take any. */
    record Bank(List<String> accounts, List<String> strangers, Map<String, Long> deposited) {
    }

    private Bank prepareAccounts(List<Integer> ports) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> accounts = new ArrayList<>();
        int[] perPartition = new int[PARTITIONS];
        for (int i = 0; accounts.size() < PARTITIONS * ACCOUNTS_PER_PARTITION; i++) {
            String account = "tr-" + run + "-" + i;
            int partition = partitionOf(account);
            if (perPartition[partition] == ACCOUNTS_PER_PARTITION) {
                continue;
            }
            perPartition[partition]++;
            open(ports, account, "EUR");
            answered(ports, "/accounts/" + account + "/deposits", "{\"amount\":" + OPENING_DEPOSIT + "}", "fund-" + account, 201);
            accounts.add(account);
        }
        String dollars = "tr-" + run + "-usd";
        open(ports, dollars, "USD");
        String closed = "tr-" + run + "-closed";
        open(ports, closed, "EUR");
        answered(ports, "/accounts/" + closed + "/close", "{}", "close-" + closed, 201);
        List<String> strangers = List.of(dollars, closed, "tr-" + run + "-missing");
        return new Bank(accounts, strangers, Map.of("EUR", accounts.size() * OPENING_DEPOSIT, "USD", 0L));
    }

    private void checkSettled(KafkaBroker broker, String prefix, TransferLoad load, Bank bank) {
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        // Every 202 resolves: wait until each debit has its credit or reversal, bounded, then name any that did not.
        List<AccountEvent> ledger = LedgerReader.readAll(broker.bootstrapServers(), topics.events());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!TransferLoad.unsettledTransfers(ledger).isEmpty() && System.nanoTime() < deadline) {
            ServiceInstances.pause(500);
            ledger = LedgerReader.readAll(broker.bootstrapServers(), topics.events());
        }
        assertThat(TransferLoad.unsettledTransfers(ledger)).as("transfers debited and neither credited nor reversed")
                .isEmpty();
        Map<Integer, Long> statuses = load.answers().stream()
                .collect(Collectors.groupingBy(TransferLoad.Answer::status, HashMap::new, Collectors.counting()));
        System.out.printf("transfer answers by status: %s%n", statuses);
        assertThat(statuses.keySet()).as("completed and refused transfers both ran").contains(201, 422);
        load.checkLedger(ledger, bank.deposited());
    }

    private void open(List<Integer> ports, String account, String currency) {
        answered(ports, "/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"owner-" + account + "\",\"currency\":\""
                + currency + "\"}", "open-" + account, 201);
    }

    private void answered(List<Integer> ports, String path, String body, String key, int expected) {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> response = http.send(ports.get(attempt % ports.size()), "POST", path, body, key);
            if (response.statusCode() != 503 && response.statusCode() != 409) {
                assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(expected);
                return;
            }
            ServiceInstances.pause(200);
        }
        throw new AssertionError("no answer for " + path);
    }



    /** Kafka's default partitioner for a String key: murmur2 of its UTF-8 bytes. */
    private static int partitionOf(String accountId) {
        return Utils.toPositive(Utils.murmur2(accountId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static Map<String, String> environment(KafkaBroker broker, String prefix, String applicationId) throws Exception {
        Map<String, String> env = new HashMap<>(ServiceInstances.environment(broker.bootstrapServers(), prefix, applicationId));
        // retries come sooner; the shipped transaction and session timeouts already move a crashed instance's work within seconds
        env.put("BANK_REQUEST_TIMEOUT_MS", "5000");
        return env;
    }
}
