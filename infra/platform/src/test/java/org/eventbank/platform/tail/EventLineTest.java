package org.eventbank.platform.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.Test;

class EventLineTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    @Test
    void shouldPrintAWithdrawalWithTimeAccountVersionSignedAmountAndBalanceAfter() {
        Withdrawn withdrawn = new Withdrawn("e-3", "acc-1", 3L, T0, "c-3", 400L, "EUR", 600L);

        assertThat(EventLine.format(withdrawn)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -400 EUR  balance 600 EUR");
    }

    @Test
    void shouldPrintADepositWithAPlusSign() {
        Deposited deposited = new Deposited("e-2", "acc-1", 2L, T0, "c-2", 1_000L, "JPY", 1_000L);

        assertThat(EventLine.format(deposited)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v2  Deposited  +1000 JPY  balance 1000 JPY");
    }

    @Test
    void shouldPrintAnOpeningWithCurrencyAndOwner() {
        AccountOpened opened = new AccountOpened("e-1", "acc-1", 1L, T0, "c-1", "customer-42", "EUR");

        assertThat(EventLine.format(opened)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v1  AccountOpened  EUR  owner customer-42");
    }

    @Test
    void shouldAlwaysPrintMillisecondsSoLinesAlign() {
        Deposited onTheSecond = new Deposited("e-2", "acc-1", 2L, Instant.parse("2026-11-23T10:15:30Z"), "c-2", 1L, "EUR", 1L);

        assertThat(EventLine.format(onTheSecond)).startsWith("2026-11-23T10:15:30.000Z  ");
    }

    @Test
    void shouldPrintAmountsAtTheEdgesOfTheirRangeExactly() {
        Deposited huge = new Deposited("e-2", "acc-1", 9L, T0, "c-2", 1_000_000_000_000L, "EUR", Long.MAX_VALUE);

        assertThat(EventLine.format(huge)).endsWith("+1000000000000 EUR  balance 9223372036854775807 EUR");
    }

    @Test
    void shouldFormatEveryTypeTheEventsTopicCarries() throws Exception {
        List<Class<? extends SpecificRecord>> types = BankSerdes.EVENT_TYPES;
        for (Class<? extends SpecificRecord> type : types) {
            SpecificRecord sample = sampleOf(type);

            assertThat(EventLine.format(sample)).as(type.getSimpleName()).contains("  " + type.getSimpleName() + "  ");
        }
    }

    @Test
    void shouldRefuseARecordThatIsNotAnEvent() {
        AccountBalance balance = new AccountBalance("acc-1", 600L, "EUR", 3L, T0);

        assertThatThrownBy(() -> EventLine.format(balance)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org.eventbank.schemas.avro.AccountBalance");
    }

    /** A record of the type with every field set, built generically so a new event type is covered without editing this test. */
    private static SpecificRecord sampleOf(Class<? extends SpecificRecord> type) throws Exception {
        SpecificRecord record = type.getConstructor().newInstance();
        for (var field : record.getSchema().getFields()) {
            Object value = switch (field.schema().getType()) {
                case STRING -> "x";
                case LONG -> field.schema().getLogicalType() == null ? (Object) 1L : T0;
                default -> throw new IllegalStateException("add a sample value for " + field);
            };
            record.put(field.pos(), value);
        }
        return record;
    }
}
