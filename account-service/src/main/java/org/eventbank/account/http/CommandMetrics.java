package org.eventbank.account.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Prometheus metrics of the command endpoint: {@code bank_commands_total{type,outcome}} counts
 * answers by command type and outcome ("accepted" or the problem code) and
 * {@code bank_command_duration_seconds{type}} is a latency histogram of the whole round trip.
 */
public final class CommandMetrics {

    private final MeterRegistry registry;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String commandType, String outcome, Duration elapsed) {
        Counter.builder("bank.commands").description("Commands answered, by type and outcome")
                .tag("type", commandType).tag("outcome", outcome).register(registry).increment();
        Timer.builder("bank.command.duration").description("Round trip of a command, HTTP request to answer")
                .tag("type", commandType).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(elapsed);
    }
}
