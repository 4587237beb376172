package org.eventbank.kit.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The one metrics registry of a service, served at {@code /metrics}: the service's own meters plus what an
 * operator watches on any JVM service, from Micrometer's own binders rather than hand-written gauges (JVM memory,
 * garbage collection, threads, class loading, process CPU, uptime, open files) and, once bound, the Kafka Streams
 * client's metrics (its threads, tasks, stores and the producer and consumers inside it, tagged by client id).
 * Closed with the service: the garbage-collection and Streams binders hold listeners that must be released.
 */
public final class ServiceMetrics implements AutoCloseable {

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
