package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.Test;

class StoreSerdesTest {

    @Test
    void shouldRoundTripTheInitialAndAnOpenAccountState() {
        var serde = new AccountStateSerde();
        var open = new AccountState(AccountStatus.OPEN, "owner", "EUR", Long.MAX_VALUE, 42, Instant.ofEpochMilli(1234));
        for (AccountState state : new AccountState[] {AccountState.INITIAL, open}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
        }
    }

    @Test
    void shouldRefuseAnUnknownAccountStateFormat() {
        var serde = new AccountStateSerde();
        byte[] bytes = serde.serializer().serialize("t", AccountState.INITIAL);
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRoundTripAnIdempotencyEntry() {
        var serde = new IdempotencyEntrySerde(BankSerdes.singleObject().result());
        var result = CommandResult.newBuilder().setCommandId("c").setOutcome(Outcome.ACCEPTED).setAccountId("a")
                .setEventId("e").setVersion(3L).setBalanceMinor(10L).setCurrency("EUR").setReplayed(false).build();
        var entry = new IdempotencyEntry("abc", result, Instant.ofEpochMilli(99));
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry))).isEqualTo(entry);
    }

    @Test
    void shouldMapEveryRejectionCodeToAWireOutcome() {
        for (var code : org.eventbank.account.domain.RejectionCode.values()) {
            assertThat(Outcome.valueOf(code.name())).isNotNull();
        }
    }
}
