package org.eventbank.kit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceMetricsTest {

    @TempDir
    java.nio.file.Path stateDir;

    @Test
    void shouldServeJvmProcessAndStreamsMetricsInPrometheusText() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);

        try (ServiceMetrics metrics = ServiceMetrics.create(); KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            metrics.bind(streams);

            String scrape = metrics.registry().scrape();

            assertThat(scrape).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                    "process_cpu_usage", "process_uptime_seconds", "jvm_gc_", "kafka_stream_");
        }
    }

    @Test
    void shouldServeTheMetricsOfKafkaClientsOutsideStreamsTaggedByRole() {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        try (ServiceMetrics metrics = ServiceMetrics.create();
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            metrics.bind(producer, "command-gateway");
            metrics.bind(consumer, "result-listener");

            String scrape = metrics.registry().scrape();

            assertThat(scrape).contains("kafka_producer_", "kafka_consumer_", "bank_client=\"command-gateway\"",
                    "bank_client=\"result-listener\"");
        }
    }

    @Test
    void shouldServeJettysThreadPoolAndConnectionMetricsOfAStartedApp() throws Exception {
        try (ServiceMetrics metrics = ServiceMetrics.create()) {
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.routes.get("/ping", ctx -> ctx.result("pong"));
            }).start(0);
            try {
                metrics.bind(app);
                HttpResponse<String> pong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.port() + "/ping")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(pong.body()).isEqualTo("pong");

                String scrape = metrics.registry().scrape();

                assertThat(scrape).contains("jetty_threads_busy", "jetty_threads_jobs", "jetty_connections_current",
                        "jetty_connections_bytes_in_bytes");
            } finally {
                app.stop();
            }
        }
    }
}
