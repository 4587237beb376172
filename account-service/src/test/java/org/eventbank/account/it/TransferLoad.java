package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.domain.AccountEvent;

/**
 * Random transfers by concurrent clients through several instances, as a bank's clients would send them: some to
 * accounts that do not exist, are closed or hold another currency, some over the balance; every request with its own
 * Idempotency-Key, retried with the same key on another instance until it gets a definite answer (issue 15). Then the
 * checks of the ledger: money conserved per currency, every transfer settled exactly once, versions contiguous, no
 * negative balance, and every answer the clients got matches what the ledger holds.
 */
final class TransferLoad {

    /** A definite answer to one transfer request: its status, the body, and the command ids of every attempt. */
    record Answer(String key, String from, String to, long amount, int status, JsonNode body, List<String> commandIds) {
    }

    /** The subject of the token every request carries ({@code ./bank token}'s dev). */
    private static final String CALLER = "dev";

    private final BankHttp http = new BankHttp();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger retries = new AtomicInteger();

    List<Answer> answers() {
        return answers;
    }

    int retries() {
        return retries.get();
    }

    /**
     * Runs {@code clients} threads of {@code transfersEach} transfers among {@code accounts} (and the {@code strangers},
     * payees that cannot take money), against the ports {@code ports} gives at each attempt, until all are answered.
     *
     * @param whileRunning called once the clients are started, on this thread (to kill an instance mid-load)
     */
    void run(int clients, int transfersEach, List<String> accounts, List<String> strangers, IntSupplier ports,
             Runnable whileRunning) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int n = 0; n < transfersEach; n++) {
                    transferOnce("c" + client + "-" + n, accounts, strangers, ports);
                }
            }, "transfer-client-" + c);
            thread.setUncaughtExceptionHandler((t, failure) -> failures.add(failure));
            thread.start();
            threads.add(thread);
        }
        whileRunning.run();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(240).toMillis());
            assertThat(thread.isAlive()).as("client %s finished", thread.getName()).isFalse();
        }
        assertThat(failures).as("clients got only definite answers, 503s and 409 request-in-flight").isEmpty();
    }

    private void transferOnce(String key, List<String> accounts, List<String> strangers, IntSupplier ports) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String from = accounts.get(random.nextInt(accounts.size()));
        String to;
        if (random.nextInt(8) == 0) {
            to = strangers.get(random.nextInt(strangers.size()));
        } else {
            do {
                to = accounts.get(random.nextInt(accounts.size()));
            } while (to.equals(from));
        }
        // Mostly small amounts, one in six larger than any balance can be: refused, nothing written.
        long amount = random.nextInt(6) == 0 ? 1_000_000 + random.nextInt(1_000) : 1 + random.nextInt(3_000);
        String body = "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amount + "}";
        List<String> commandIds = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            int port = ports.getAsInt();
            HttpResponse<String> response;
            try {
                response = http.send(port, "POST", "/transfers", body, key);
            } catch (RuntimeException unreachable) {
                // a killed instance: the outcome of this attempt is unknown, retry the same key on another
                retries.incrementAndGet();
                ServiceInstances.pause(100);
                continue;
            }
            response.headers().firstValue("Command-Id").ifPresent(commandIds::add);
            int status = response.statusCode();
            if (status == 503 || status == 409 && BankHttp.problemType(response).endsWith("/request-in-flight")) {
                retries.incrementAndGet();
                ServiceInstances.pause(100);
                continue;
            }
            if (status != 201 && status != 202 && status != 422) {
                throw new AssertionError("transfer " + key + ": unexpected answer " + status + ": " + response.body());
            }
            answers.add(new Answer(key, from, to, amount, status, BankHttp.json(response), List.copyOf(commandIds)));
            return;
        }
        throw new AssertionError("transfer " + key + " got no definite answer within 180 s");
    }

    /**
     * The checks of issue 15 over the whole ledger, once every transfer is settled: per currency the balances add up to
     * the deposits (no withdrawals run here) with nothing in flight; every transferId has exactly one debit and exactly
     * one of credit or reversal; versions contiguous; no negative balance; and every answer matches the ledger.
     *
     * @param deposited the money paid in per currency
     */
    void checkLedger(List<AccountEvent> ledger, Map<String, Long> deposited) {
        Map<String, List<AccountEvent>> byAccount = ledger.stream()
                .collect(Collectors.groupingBy(AccountEvent::accountId, java.util.LinkedHashMap::new, Collectors.toList()));
        Map<String, Long> balances = new HashMap<>();
        byAccount.forEach((account, events) -> {
            assertThat(events).extracting(AccountEvent::version).as("versions of %s", account)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().collect(Collectors.toList()));
            for (AccountEvent event : events) {
                assertThat(balanceAfter(event)).as("balance of %s at version %d", account, event.version()).isNotNegative();
            }
            AccountEvent last = events.get(events.size() - 1);
            String currency = ((AccountEvent.AccountOpened) events.get(0)).currency();
            balances.merge(currency, balanceAfter(last), Long::sum);
        });
        Map<String, List<AccountEvent>> byTransfer = ledger.stream().filter(TransferLoad::isTransferEvent)
                .collect(Collectors.groupingBy(TransferLoad::transferId));
        Map<String, Long> inFlight = new HashMap<>();
        byTransfer.forEach((transferId, legs) -> {
            long debits = legs.stream().filter(e -> e instanceof AccountEvent.TransferDebited).count();
            long credits = legs.stream().filter(e -> e instanceof AccountEvent.TransferCredited).count();
            long reversals = legs.stream().filter(e -> e instanceof AccountEvent.TransferReversed).count();
            assertThat(debits).as("debits of transfer %s: %s", transferId, legs).isEqualTo(1);
            assertThat(credits + reversals).as("credits and reversals of transfer %s: %s", transferId, legs).isEqualTo(1);
            AccountEvent.TransferDebited debit = (AccountEvent.TransferDebited) legs.stream()
                    .filter(e -> e instanceof AccountEvent.TransferDebited).findFirst().orElseThrow();
            inFlight.merge(debit.currency(), debit.amountMinor() - settledAmount(legs), Long::sum);
        });
        deposited.forEach((currency, paidIn) -> {
            assertThat(balances.getOrDefault(currency, 0L) + inFlight.getOrDefault(currency, 0L))
                    .as("sum of %s balances + in flight = deposits", currency).isEqualTo(paidIn);
            assertThat(inFlight.getOrDefault(currency, 0L)).as("%s in flight once quiet", currency).isZero();
        });
        checkAnswers(byTransfer, ledger);
    }

    /** Every 201 and 422 answer matches the ledger, and every 202 resolved into a credit or a reversal. */
    private void checkAnswers(Map<String, List<AccountEvent>> byTransfer, List<AccountEvent> ledger) {
        Map<String, AccountEvent> byCommandId = new HashMap<>();
        ledger.stream().filter(e -> e instanceof AccountEvent.TransferDebited).forEach(e -> byCommandId.put(e.commandId(), e));
        for (Answer answer : answers) {
            if (answer.status() == 201 || answer.status() == 202) {
                String transferId = answer.body().path("transferId").asText();
                assertThat(transferId).as("the service's name for request %s", answer.key()).isEqualTo(transferIdOf(answer));
                List<AccountEvent> legs = byTransfer.get(transferId);
                assertThat(legs).as("the ledger holds transfer %s answered %d", transferId, answer.status()).isNotNull();
                AccountEvent.TransferDebited debit = (AccountEvent.TransferDebited) legs.stream()
                        .filter(e -> e instanceof AccountEvent.TransferDebited).findFirst().orElseThrow();
                assertThat(debit.accountId()).isEqualTo(answer.from());
                assertThat(debit.counterpartyAccountId()).isEqualTo(answer.to());
                assertThat(debit.amountMinor()).isEqualTo(answer.amount());
                assertThat(debit.version()).isEqualTo(answer.body().path("debitVersion").asLong());
                if (answer.status() == 201) {
                    AccountEvent credit = legs.stream().filter(e -> e instanceof AccountEvent.TransferCredited).findFirst()
                            .orElseThrow(() -> new AssertionError("201 for " + transferId + " but no credit: " + legs));
                    assertThat(credit.version()).isEqualTo(answer.body().path("creditVersion").asLong());
                }
            } else {
                // The id every attempt of this request named (a retry may have lost the first attempt's headers).
                String transferId = transferIdOf(answer);
                List<AccountEvent> legs = byTransfer.get(transferId);
                String type = answer.body().path("type").asText();
                if (type.endsWith("/transfer-reversed")) {
                    assertThat(answer.body().path("detail").asText()).contains(transferId);
                    assertThat(legs).as("422 transfer-reversed for %s: its debit and its reversal", transferId)
                            .isNotNull().anyMatch(e -> e instanceof AccountEvent.TransferReversed);
                } else {
                    assertThat(legs).as("refused %s (%s) wrote nothing", transferId, type).isNull();
                    assertThat(answer.commandIds()).noneMatch(byCommandId::containsKey);
                }
            }
        }
    }

    /** The transferId the service assigns to a request: name-based on the payer, the caller and the key. */
    private static String transferIdOf(Answer answer) {
        String name = "transfer/" + answer.from() + "/" + IdempotencyScope.callerAndKey(CALLER, answer.key());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Set<String> unsettledTransfers(List<AccountEvent> ledger) {
        Map<String, List<AccountEvent>> byTransfer = ledger.stream().filter(TransferLoad::isTransferEvent)
                .collect(Collectors.groupingBy(TransferLoad::transferId));
        return byTransfer.entrySet().stream().filter(e -> e.getValue().size() < 2).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static long settledAmount(List<AccountEvent> legs) {
        return legs.stream().filter(e -> !(e instanceof AccountEvent.TransferDebited)).mapToLong(TransferLoad::amount).sum();
    }

    private static boolean isTransferEvent(AccountEvent event) {
        return event instanceof AccountEvent.TransferDebited || event instanceof AccountEvent.TransferCredited
                || event instanceof AccountEvent.TransferReversed;
    }

    private static String transferId(AccountEvent event) {
        if (event instanceof AccountEvent.TransferDebited debit) {
            return debit.transferId();
        } else if (event instanceof AccountEvent.TransferCredited credit) {
            return credit.transferId();
        }
        return ((AccountEvent.TransferReversed) event).transferId();
    }

    private static long amount(AccountEvent event) {
        if (event instanceof AccountEvent.TransferCredited credit) {
            return credit.amountMinor();
        }
        return ((AccountEvent.TransferReversed) event).amountMinor();
    }

    private static long balanceAfter(AccountEvent event) {
        if (event instanceof AccountEvent.AccountOpened) {
            return 0;
        } else if (event instanceof AccountEvent.Deposited e) {
            return e.balanceAfterMinor();
        } else if (event instanceof AccountEvent.Withdrawn e) {
            return e.balanceAfterMinor();
        } else if (event instanceof AccountEvent.AccountClosed e) {
            return e.balanceAfterMinor();
        } else if (event instanceof AccountEvent.TransferDebited e) {
            return e.balanceAfterMinor();
        } else if (event instanceof AccountEvent.TransferCredited e) {
            return e.balanceAfterMinor();
        }
        return ((AccountEvent.TransferReversed) event).balanceAfterMinor();
    }

}
