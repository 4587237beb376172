package org.eventbank.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.common.errors.TimeoutException;
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
    void shouldReportTheDeathOfAnotherPartOfTheService() {
        StreamsReadiness readiness = new StreamsReadiness("the processor", Optional::empty,
                () -> Optional.of("the listener stopped"));

        assertThat(readiness.deadReason()).hasValue("the listener stopped");
    }
}
