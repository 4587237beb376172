package org.eventbank.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** What a dead stream thread leads to: a replaced thread, a stop that keeps the instance live, or a call for a restart. */
class StreamsReadinessTest {

    @Test
    void shouldReplaceAThreadThatDiedOfATransientFaultABoundedNumberOfTimesThenAskForARestart() {
        StreamsReadiness readiness = new StreamsReadiness("the processor");
        StreamsException transientFault = new StreamsException("commit failed", new TimeoutException("broker gone"));

        for (int i = 0; i < StreamsReadiness.THREAD_REPLACEMENTS_MAX; i++) {
            assertThat(readiness.onUncaught(transientFault)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            assertThat(readiness.deadReason()).as("still live after %d replacements", i + 1).isEmpty();
        }
        assertThat(readiness.onUncaught(transientFault)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(readiness.deadReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("the processor", "transient", "TimeoutException"));
    }

    @Test
    void shouldStopAtOnceOnDataOrABugAndStayLiveSoThatNoRestartLoopsOnIt() {
        StreamsReadiness readiness = new StreamsReadiness("the processor");

        assertThat(readiness.onUncaught(new StreamsException("deserialization", new org.apache.kafka.common.errors.SerializationException("unknown fingerprint"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(readiness.onUncaught(new IllegalStateException("about to emit version 5 after version 3")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(readiness.deadReason()).isEmpty();
    }

    @Test
    void shouldStayReadyThroughABoundedRebalanceOfAClientThatHasRunButNotThroughTheFirstOne() {
        AtomicLong now = new AtomicLong();
        StreamsReadiness readiness = new StreamsReadiness("the processor", Optional::empty, Optional::empty, now::get);

        readiness.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.CREATED);
        assertThat(readiness.notReadyReason()).as("the first rebalance: nothing owned yet").hasValue("the processor is REBALANCING");
        readiness.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(readiness.notReadyReason()).isEmpty();

        now.set(Duration.ofMinutes(5).toNanos());
        readiness.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);
        assertThat(readiness.notReadyReason()).as("a peer left: the tasks that stay keep answering").isEmpty();
        now.addAndGet(StreamsReadiness.REBALANCE_READY_MAX.toNanos());
        assertThat(readiness.notReadyReason()).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(readiness.notReadyReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("REBALANCING for 31 s, more than 30 s"));
        readiness.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(readiness.notReadyReason()).isEmpty();

        readiness.onChange(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.RUNNING);
        assertThat(readiness.notReadyReason()).hasValue("the processor is PENDING_ERROR");
    }

    @Test
    void shouldStopOnAMissingAclSayingSoStayingLiveSinceARestartCannotGrantIt() {
        StreamsReadiness readiness = new StreamsReadiness("the processor");

        assertThat(readiness.onUncaught(new StreamsException("send failed",
                new TopicAuthorizationException("Not authorized to access topics: [bank.account-events]"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        readiness.onChange(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);

        assertThat(readiness.notReadyReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the processor is ERROR: Kafka refused it an operation for lack of an ACL")
                .contains("Not authorized to access topics: [bank.account-events]", "docs/security.md"));
        assertThat(readiness.deadReason()).isEmpty();
    }

    @Test
    void shouldReportTheDeathOfAnotherPartOfTheService() {
        StreamsReadiness readiness = new StreamsReadiness("the processor", Optional::empty,
                () -> Optional.of("the listener stopped"));

        assertThat(readiness.deadReason()).hasValue("the listener stopped");
    }
}
