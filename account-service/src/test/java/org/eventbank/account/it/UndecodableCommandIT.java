package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.account.AccountService;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Unknown data stops, not skips: an undecodable command stops the processor and turns readiness red. */
@ExtendWith(KafkaBrokerExtension.class)
class UndecodableCommandIT {

    private final BankHttp http = new BankHttp();

    @Test
    void shouldStopTheProcessorAndAnswerNotReadyAfterAnUndecodableCommand(KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        Map<String, String> env = ServiceInstances.environment(broker.bootstrapServers(), prefix, "poison-" + UUID.randomUUID());
        try (AccountService service = ServiceInstances.start(env)) {
            ServiceInstances.awaitReady(service);
            assertThat(http.send(service.httpPort(), "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
            BankTopics topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());

            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.commands().name(), "acc-poison", new byte[] {0x01, 0x02, 0x03})).get();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> service.streamsState() == KafkaStreams.State.ERROR);
            HttpResponse<String> ready = http.send(service.httpPort(), "GET", "/health/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(BankHttp.problemType(ready)).isEqualTo("/problems/not-ready");
            HttpResponse<String> command = http.send(service.httpPort(), "POST", "/accounts",
                    "{\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            assertThat(command.statusCode()).isEqualTo(503);
            assertThat(command.headers().firstValue("Retry-After")).isPresent();
            assertThat(LedgerReader.readAll(broker.bootstrapServers(), topics.events())).isEmpty();
        }
    }
}
