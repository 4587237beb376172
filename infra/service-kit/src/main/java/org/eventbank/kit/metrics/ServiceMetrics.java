package org.eventbank.kit.metrics;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.server.Server;

/**
 * The one metrics registry of a service, served at {@code /metrics}: the service's own meters plus what an
 * operator watches on any JVM service, from Micrometer's own binders rather than hand-written gauges (JVM memory,
 * garbage collection, threads, class loading, process CPU, uptime, open files) and, once bound, the Kafka Streams
 * client's metrics (its threads, tasks, stores and the producer and consumers inside it, tagged by client id), the
 * service's other Kafka clients, and the HTTP server's (Jetty's threads and connections).
 * Closed with the service: the garbage-collection and Streams binders hold listeners that must be released.
 */
public final class ServiceMetrics implements AutoCloseable {

    /** The tag that tells the Kafka clients outside Streams apart: what the client does for the service. */
    public static final String CLIENT_ROLE_TAG = "bank.client";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new ArrayList<>();

    private ServiceMetrics() {
    }

    /** A registry with the JVM and process metrics bound. */
    public static ServiceMetrics create() {
        ServiceMetrics metrics = new ServiceMetrics();
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(metrics.registry);
        }
        metrics.bind(new JvmGcMetrics());
        return metrics;
    }

    /** Adds the metrics of this Streams client (call once it is constructed; they follow it until it closes). */
    public void bind(KafkaStreams streams) {
        bind(new KafkaStreamsMetrics(streams));
    }

    /**
     * Adds the metrics of a Kafka producer outside Streams (its request latency, batch sizes, errors and the rest of
     * the client's own metrics), tagged {@code bank.client} = {@code role}.
     */
    public void bind(Producer<?, ?> producer, String role) {
        bind(new KafkaClientMetrics(producer, Tags.of(CLIENT_ROLE_TAG, role)));
    }

    /** Adds the metrics of a Kafka consumer outside Streams (fetch latency, lag, ...), tagged {@code bank.client} = {@code role}. */
    public void bind(Consumer<?, ?> consumer, String role) {
        bind(new KafkaClientMetrics(consumer, Tags.of(CLIENT_ROLE_TAG, role)));
    }

    /**
     * Adds the HTTP server's metrics: Jetty's thread pool (busy, idle and queued jobs: a full pool is where requests
     * wait) and its connections (open, bytes in and out). Call once the app has started: its connectors exist then.
     */
    public void bind(Javalin app) {
        Server server = app.jettyServer().server();
        bind(new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()));
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private <B extends MeterBinder & AutoCloseable> void bind(B binder) {
        binder.bindTo(registry);
        binders.add(binder);
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // closing a binder only releases listeners; the registry closes below either way
            }
        }
        registry.close();
    }
}
