package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
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
 * Exactly once across a crash: one of two instances (a child JVM) is killed -9 while one client per account
 * deposits with idempotency keys and retries on any error, on the other instance too. Afterwards every 2xx has exactly one event,
 * no event lacks a 2xx, versions have no gap and each balance is the sum of acknowledged deposits.
 * Both instances run the shipped settings (transaction and session timeouts, request timeout) on a broker set up as
 * the bank's (its abort sweep every second); the test reports, not asserts, the longest any of the killed instance's
 * accounts went without a 2xx and the longest any deposit waited for its 2xx, retries included (docs/operations.md).
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashFailoverIT {

    private static final int PARTITIONS = 6;
    private static final int ACCOUNTS = 12;

    private final BankHttp http = new BankHttp();

    /** An acknowledged deposit: what the client was told. */
    record Ack(String account, String key, long amount, String eventId, long answeredAtNanos, int port, long waitedNanos) {
    }

    @Test
    void shouldKeepEveryAcknowledgedDepositExactlyOnceWhenAnInstanceIsKilled(KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        String applicationId = "crash-" + UUID.randomUUID();
        Map<String, String> childEnv = crashEnvironment(broker, prefix, applicationId);
        Map<String, String> survivorEnv = crashEnvironment(broker, prefix, applicationId);
        Path childLog = Path.of("target", "crash-child-" + applicationId + ".log");

        try (AccountService survivor = ServiceInstances.start(survivorEnv);
             ChildInstance child = ChildInstance.start(childEnv, childLog)) {
            ServiceInstances.awaitReady(survivor);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> http.isReady(child.httpPort));
            ServiceInstances.awaitReady(survivor);
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                String account = "crash-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
                HttpResponse<String> opened = untilAnswered(List.of(survivor.httpPort(), child.httpPort), "/accounts",
                        "{\"accountId\":\"" + account + "\",\"owner\":\"c\",\"currency\":\"EUR\"}", "open-" + account);
                assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
                accounts.add(account);
            }
            Set<Integer> childPartitions = partitionsOf(broker, applicationId, childEnv.get("BANK_INSTANCE_ID"), prefix);
            Set<String> childAccounts = accounts.stream()
                    .filter(a -> childPartitions.contains(partitionOf(a))).collect(Collectors.toSet());
            assertThat(childAccounts).as("the child owns some accounts (partitions %s)", childPartitions).isNotEmpty();

            List<Ack> acks = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong killedAtNanos = new AtomicLong(Long.MAX_VALUE);
            List<Thread> clients = new ArrayList<>();
            List<Throwable> clientFailures = new CopyOnWriteArrayList<>();
            for (int c = 0; c < accounts.size(); c++) {
                int clientNumber = c;
                Thread client = new Thread(() -> depositUntilStopped(clientNumber, accounts.get(clientNumber),
                        List.of(survivor.httpPort(), child.httpPort), running, acks), "client-" + c);
                client.setUncaughtExceptionHandler((thread, failure) -> clientFailures.add(failure));
                client.start();
                clients.add(client);
            }
            Thread.sleep(3_000);
            killedAtNanos.set(System.nanoTime());
            child.kill();
            int acksAtKill = acks.size();
            assertThat(acks).as("the child answered deposits before it was killed").anyMatch(a -> a.port() == child.httpPort);
            // Run until every account of the killed instance has been served again by the survivor, bounded.
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> acks.stream()
                    .filter(a -> a.answeredAtNanos() > killedAtNanos.get() && a.port() == survivor.httpPort())
                    .map(Ack::account).collect(Collectors.toSet()).containsAll(childAccounts));
            Thread.sleep(2_000);
            running.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(120).toMillis());
                assertThat(client.isAlive()).as("client finished its last deposit").isFalse();
            }
            assertThat(clientFailures).as("clients saw only 201, 503 or 409 answers").isEmpty();

            // per account of the killed instance, the longest stretch after the kill without a 2xx (its client keeps asking)
            long longestGap = 0;
            for (String account : childAccounts) {
                long previous = killedAtNanos.get();
                List<Long> answered = acks.stream().filter(a -> a.account().equals(account) && a.answeredAtNanos() > killedAtNanos.get())
                        .map(Ack::answeredAtNanos).sorted().collect(Collectors.toList());
                for (long at : answered) {
                    longestGap = Math.max(longestGap, at - previous);
                    previous = at;
                }
            }
            double unavailableSeconds = longestGap / 1e9;
            double longestWaitSeconds = acks.stream().mapToLong(Ack::waitedNanos).max().orElseThrow() / 1e9;
            String line = String.format("crash failover: %d acknowledged deposits (%d before the kill) on %d accounts, %d owned"
                            + " by the killed instance; the longest any of them went without a 2xx after kill -9 %.1f s; the longest any"
                            + " deposit waited for its 2xx (retries included) %.1f s; shipped settings", acks.size(), acksAtKill,
                    ACCOUNTS, childAccounts.size(), unavailableSeconds, longestWaitSeconds);
            System.out.println(line);
            Files.writeString(Path.of("target", "crash-failover.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8);

            BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
            List<AccountEvent> ledger = LedgerReader.readAll(broker.bootstrapServers(), topics.events());
            for (String account : accounts) {
                List<AccountEvent> events = LedgerReader.of(ledger, account);
                assertThat(events).extracting(AccountEvent::version).as("versions of %s", account)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().collect(Collectors.toList()));
                List<Ack> accountAcks = acks.stream().filter(a -> a.account().equals(account)).collect(Collectors.toList());
                Set<String> ackedEventIds = accountAcks.stream().map(Ack::eventId).collect(Collectors.toSet());
                assertThat(ackedEventIds).as("one event per acknowledged key on %s", account).hasSize(accountAcks.size());
                List<AccountEvent.Deposited> deposits = events.stream().filter(e -> e instanceof AccountEvent.Deposited)
                        .map(e -> (AccountEvent.Deposited) e).collect(Collectors.toList());
                assertThat(deposits).extracting(AccountEvent::eventId).as("every 2xx has its event and no event lacks a 2xx")
                        .containsExactlyInAnyOrderElementsOf(ackedEventIds);
                long acknowledged = accountAcks.stream().mapToLong(Ack::amount).sum();
                long balance = deposits.isEmpty() ? 0 : deposits.get(deposits.size() - 1).balanceAfterMinor();
                assertThat(balance).as("balance of %s", account).isEqualTo(acknowledged);
            }
        }
    }

    /** One client of one account: deposits, and retries the same key on any error, on either instance, until a 2xx. */
    private void depositUntilStopped(int clientNumber, String account, List<Integer> ports, AtomicBoolean running,
                                     List<Ack> acks) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int attempt = clientNumber;
        for (int n = 0; running.get(); n++) {
            long amount = 1 + random.nextInt(100);
            String key = "c" + clientNumber + "-" + n;
            long firstAttempt = System.nanoTime();
            long deadline = firstAttempt + Duration.ofSeconds(110).toNanos();
            boolean acknowledged = false;
            while (!acknowledged && System.nanoTime() < deadline) {
                int port = ports.get(attempt++ % ports.size());
                try {
                    HttpResponse<String> response = http.send(port, "POST", "/accounts/" + account + "/deposits",
                            "{\"amount\":" + amount + "}", key);
                    if (response.statusCode() == 201) {
                        long answeredAt = System.nanoTime();
                        acks.add(new Ack(account, key, amount, BankHttp.json(response).path("eventId").asText(),
                                answeredAt, port, answeredAt - firstAttempt));
                        acknowledged = true;
                        continue;
                    }
                    if (response.statusCode() != 503 && response.statusCode() != 409) {
                        throw new AssertionError("unexpected answer " + response.statusCode() + ": " + response.body());
                    }
                } catch (RuntimeException connectionRefused) {
                    // the killed instance: try the other one
                }
                ServiceInstances.pause(100);
            }
            if (!acknowledged) {
                throw new AssertionError("deposit " + key + " to " + account + " got no 2xx within 110 s");
            }
        }
    }

    private HttpResponse<String> untilAnswered(List<Integer> ports, String path, String body, String key) {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> response = http.send(ports.get(attempt % ports.size()), "POST", path, body, key);
            if (response.statusCode() != 503 && response.statusCode() != 409) {
                return response;
            }
            ServiceInstances.pause(200);
        }
        throw new AssertionError("no answer for " + path);
    }


    private static Map<String, String> crashEnvironment(KafkaBroker broker, String prefix, String applicationId) throws Exception {
        return new HashMap<>(ServiceInstances.environment(broker.bootstrapServers(), prefix, applicationId));
    }

    /** The commands partitions the Streams consumer of {@code instanceId} owns, from the group's own description. */
    private static Set<Integer> partitionsOf(KafkaBroker broker, String applicationId, String instanceId, String prefix)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId);
            Set<Integer> partitions = new HashSet<>();
            for (MemberDescription member : group.members()) {
                if (member.clientId().contains(instanceId)) {
                    for (TopicPartition partition : member.assignment().topicPartitions()) {
                        if (partition.topic().equals(prefix + "account-commands")) {
                            partitions.add(partition.partition());
                        }
                    }
                }
            }
            return partitions;
        }
    }

    /** Kafka's default partitioner for a String key: murmur2 of its UTF-8 bytes. */
    private static int partitionOf(String accountId) {
        return Utils.toPositive(Utils.murmur2(accountId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

}
