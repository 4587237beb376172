package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.account.AccountService;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.Origin;
import org.eventbank.account.kafka.AvroMapper;
import org.eventbank.account.kafka.CommandEnvelope;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unknown data stops, not skips: a valid command before an undecodable one is applied, the
 * undecodable one stops the processor and turns readiness red, and a valid command behind it on the
 * same partition is not applied.
 */
@ExtendWith(KafkaBrokerExtension.class)
class UndecodableCommandIT {

    private static final String ACCOUNT = "acc-poison";

    private final BankHttp http = new BankHttp();

    @Test
    void shouldStopTheProcessorAndAnswerNotReadyAfterAnUndecodableCommand(KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        Map<String, String> env = ServiceInstances.environment(broker.bootstrapServers(), prefix, "poison-" + UUID.randomUUID());
        try (AccountService service = ServiceInstances.start(env)) {
            ServiceInstances.awaitReady(service);
            assertThat(http.send(service.httpPort(), "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
            BankTopics topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
            var commandSerializer = topics.commands().valueSerde().serializer();

            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                // A valid command on the account's partition, applied (committed) before the bad one arrives: the
                // processor works, so what follows is the bad record's doing.
                var before = new AccountCommand.OpenAccount(UUID.randomUUID().toString(), ACCOUNT, OptionalLong.empty(),
                        now(), "c-1", "EUR", Origin.NONE, Optional.empty(), Optional.empty());
                producer.send(new ProducerRecord<>(topics.commands().name(), ACCOUNT,
                        commandSerializer.serialize(topics.commands().name(), wire(before)))).get();
                await().atMost(Duration.ofSeconds(60)).until(() -> resultOf(broker, topics, before.commandId()).isPresent());
                assertThat(resultOf(broker, topics, before.commandId())).hasValueSatisfying(
                        result -> assertThat(result.getOutcome()).isEqualTo(Outcome.ACCEPTED));
                assertThat(ledger(broker, topics)).singleElement().isInstanceOfSatisfying(AccountEvent.AccountOpened.class,
                        opened -> assertThat(opened.commandId()).isEqualTo(before.commandId()));

                // The undecodable command, then a valid one behind it on the same partition.
                producer.send(new ProducerRecord<>(topics.commands().name(), ACCOUNT, new byte[] {0x01, 0x02, 0x03})).get();
                var after = new AccountCommand.Deposit(UUID.randomUUID().toString(), ACCOUNT, OptionalLong.empty(), now(),
                        100, Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
                producer.send(new ProducerRecord<>(topics.commands().name(), ACCOUNT,
                        commandSerializer.serialize(topics.commands().name(), wire(after)))).get();

                // Either the processor stops, or (the regression) it skips the bad record and applies the next one.
                await().atMost(Duration.ofSeconds(60)).until(() -> service.streamsState() == KafkaStreams.State.ERROR
                        || resultOf(broker, topics, after.commandId()).isPresent());
                assertThat(resultOf(broker, topics, after.commandId()))
                        .as("the command behind the undecodable one must not be applied").isEmpty();
                assertThat(service.streamsState()).isEqualTo(KafkaStreams.State.ERROR);
                assertThat(ledger(broker, topics)).as("only the command before the undecodable one is in the ledger")
                        .extracting(AccountEvent::commandId).containsExactly(before.commandId());
            }

            HttpResponse<String> ready = http.send(service.httpPort(), "GET", "/health/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(BankHttp.problemType(ready)).isEqualTo("/problems/not-ready");
            assertThat(http.send(service.httpPort(), "GET", "/health/live", null, null).statusCode())
                    .as("live: a restart would stop on the same record, so no orchestrator should loop on it").isEqualTo(200);
            HttpResponse<String> command = http.send(service.httpPort(), "POST", "/accounts",
                    "{\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            assertThat(command.statusCode()).isEqualTo(503);
            assertThat(command.headers().firstValue("Retry-After")).isPresent();
            assertThat(LedgerReader.readAll(broker.bootstrapServers(), topics.events()))
                    .as("nothing written by the refused command or since the stop").hasSize(1);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static org.eventbank.schemas.avro.AccountCommand wire(AccountCommand command) {
        return AvroMapper.toAvro(command, new CommandEnvelope(Optional.empty(), "hash-" + command.commandId(), "nobody"));
    }

    private static List<AccountEvent> ledger(KafkaBroker broker, BankTopics topics) {
        return LedgerReader.of(LedgerReader.readAll(broker.bootstrapServers(), topics.events()), ACCOUNT);
    }

    private static Optional<CommandResult> resultOf(KafkaBroker broker, BankTopics topics, String commandId) {
        return LedgerReader.readValues(broker.bootstrapServers(), topics.results()).stream()
                .filter(result -> result.getCommandId().equals(commandId)).findFirst();
    }
}
