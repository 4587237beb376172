package org.eventbank.platform.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.AccountStatus;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.GeneratedClasses;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.Test;

class EventLineTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    @Test
    void shouldPrintAWithdrawalWithTimeAccountVersionSignedAmountAndBalanceAfter() {
        Withdrawn withdrawn = new Withdrawn("e-3", "acc-1", 3L, T0, "c-3", 400L, "EUR", 600L, null, null);

        assertThat(EventLine.format(withdrawn)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -400 EUR  balance 600 EUR");
    }

    @Test
    void shouldPrintADepositWithAPlusSign() {
        Deposited deposited = new Deposited("e-2", "acc-1", 2L, T0, "c-2", 1_000L, "JPY", 1_000L, null, null);

        assertThat(EventLine.format(deposited)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v2  Deposited  +1000 JPY  balance 1000 JPY");
    }

    @Test
    void shouldPrintAnOpeningWithCurrencyAndOwner() {
        AccountOpened opened = new AccountOpened("e-1", "acc-1", 1L, T0, "c-1", "customer-42", "EUR", null, null);

        assertThat(EventLine.format(opened)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v1  AccountOpened  EUR  owner customer-42");
    }

    @Test
    void shouldPrintAClosingWithCurrencyBalanceAndQuotedReason() {
        AccountClosed closed = new AccountClosed("e-4", "acc-1", 4L, T0, "c-4", "EUR", 0L, "moved", null, null);

        assertThat(EventLine.format(closed)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v4  AccountClosed  EUR  balance 0 EUR  reason \"moved\"");
    }

    @Test
    void shouldPrintAClosingWithoutAReasonWithoutTheReasonColumn() {
        AccountClosed closed = new AccountClosed("e-4", "acc-1", 4L, T0, "c-4", "EUR", 0L, null, null, null);

        assertThat(EventLine.format(closed)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v4  AccountClosed  EUR  balance 0 EUR");
    }

    @Test
    void shouldAppendWhoAskedAndTheCorrelationIdWhenTheEventCarriesThem() {
        Initiator alice = new Initiator("alice", "web-app");
        Initiator service = new Initiator("svc-payroll", null);

        assertThat(EventLine.format(new AccountOpened("e-1", "acc-1", 1L, T0, "c-1", "customer-42", "EUR", alice, "op-7")))
                .isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v1  AccountOpened  EUR  owner customer-42  by alice via web-app  corr op-7");
        assertThat(EventLine.format(new Deposited("e-2", "acc-1", 2L, T0, "c-2", 1_000L, "EUR", 1_000L, service, null)))
                .isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v2  Deposited  +1000 EUR  balance 1000 EUR  by svc-payroll");
        assertThat(EventLine.format(new Withdrawn("e-3", "acc-1", 3L, T0, "c-3", 400L, "EUR", 600L, null, "op-8")))
                .isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -400 EUR  balance 600 EUR  corr op-8");
        assertThat(EventLine.format(new AccountClosed("e-4", "acc-1", 4L, T0, "c-4", "EUR", 0L, "moved", alice, "op-9")))
                .isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v4  AccountClosed  EUR  balance 0 EUR  reason \"moved\"  by alice via web-app  corr op-9");
    }

    static final String TRANSFER_ID = "4f2a9c1e-7b3d-5e8f-9a0b-1c2d3e4f5a6b";

    @Test
    void shouldPrintATransferDebitWithThePayeeTheTransferAndTheReference() {
        TransferDebited debited = new TransferDebited("e-5", "acc-1", 5L, T0, "c-5", 100L, "EUR", 400L,
                new Initiator("alice", "web-app"), TRANSFER_ID, "acc-2", "rent \"11/2026\"");

        assertThat(EventLine.format(debited)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v5  TransferDebited  -100 EUR  balance 400 EUR"
                + "  to acc-2  transfer " + TRANSFER_ID + "  reference \"rent \\\"11/2026\\\"\"  by alice via web-app");
    }

    @Test
    void shouldPrintATransferDebitWithoutAReferenceWithoutTheReferenceColumn() {
        TransferDebited debited = new TransferDebited("e-5", "acc-1", 5L, T0, "c-5", 100L, "EUR", 400L, null, TRANSFER_ID, "acc-2", null);

        assertThat(EventLine.format(debited)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v5  TransferDebited  -100 EUR  balance 400 EUR"
                + "  to acc-2  transfer " + TRANSFER_ID);
    }

    @Test
    void shouldPrintATransferCreditWithThePayer() {
        TransferCredited credited = new TransferCredited("e-2", "acc-2", 2L, T0, "c-5", 100L, "EUR", 100L,
                new Initiator("alice", null), TRANSFER_ID, "acc-1", 5L);

        assertThat(EventLine.format(credited)).isEqualTo("2026-11-23T10:15:30.123Z  acc-2  v2  TransferCredited  +100 EUR  balance 100 EUR"
                + "  from acc-1  transfer " + TRANSFER_ID + "  by alice");
    }

    @Test
    void shouldPrintATransferReversalWithThePayeeThatSentItBackAndWhy() {
        TransferReversed reversed = new TransferReversed("e-6", "acc-1", 6L, T0, "c-5", 100L, "EUR", 500L,
                new Initiator("alice", "web-app"), TRANSFER_ID, "acc-2", 5L, TransferReversalReason.PAYEE_NOT_FOUND);

        assertThat(EventLine.format(reversed)).isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v6  TransferReversed  +100 EUR  balance 500 EUR"
                + "  from acc-2  transfer " + TRANSFER_ID + "  reason payee-not-found  by alice via web-app");
    }

    @Test
    void shouldPrintEveryReversalReasonAsOneLowerCaseWord() {
        assertThat(List.of(TransferReversalReason.values())).extracting(EventLine::reason).containsExactly(
                "unknown", "payee-not-found", "payee-closed", "currency-mismatch", "balance-overflow");
    }

    @Test
    void shouldQuoteACounterpartyOrTransferIdThatCouldPoseAsAnotherColumn() {
        TransferCredited credited = new TransferCredited("e-2", "acc-2", 2L, T0, "c-5", 1L, "EUR", 1L, null, "t 1", "acc 1  v9", 5L);

        assertThat(EventLine.format(credited)).endsWith("  from \"acc 1  v9\"  transfer \"t 1\"");
    }

    @Test
    void shouldQuoteFreeTextSoNoValueCanBreakTheLineOrPoseAsAnotherColumn() {
        Initiator spaced = new Initiator("Alice Smith", "web\"app");
        AccountClosed closed = new AccountClosed("e-4", "acc-1", 4L, T0, "c-4", "EUR", 0L,
                "moved\n2026-11-23T10:15:30.123Z  acc-1  v5  Deposited  +1 EUR\t\\ \u0001 ä", spaced, "op 1");

        String line = EventLine.format(closed);

        assertThat(line).doesNotContain("\n", "\t", "\u0001").isEqualTo("2026-11-23T10:15:30.123Z  acc-1  v4  AccountClosed  EUR  balance 0 EUR"
                + "  reason \"moved\\n2026-11-23T10:15:30.123Z  acc-1  v5  Deposited  +1 EUR\\t\\\\ \\u0001 ä\""
                + "  by \"Alice Smith\" via \"web\\\"app\"  corr \"op 1\"");
        assertThat(EventLine.token("")).isEqualTo("\"\"");
        assertThat(EventLine.token("kunde-ä")).isEqualTo("\"kunde-ä\"");
        assertThat(EventLine.token("auth0|5f7c:42@example.org")).isEqualTo("auth0|5f7c:42@example.org");
    }

    @Test
    void shouldAlwaysPrintMillisecondsSoLinesAlign() {
        Deposited onTheSecond = new Deposited("e-2", "acc-1", 2L, Instant.parse("2026-11-23T10:15:30Z"), "c-2", 1L, "EUR", 1L, null, null);

        assertThat(EventLine.format(onTheSecond)).startsWith("2026-11-23T10:15:30.000Z  ");
    }

    @Test
    void shouldPrintAmountsAtTheEdgesOfTheirRangeExactly() {
        Deposited huge = new Deposited("e-2", "acc-1", 9L, T0, "c-2", 1_000_000_000_000L, "EUR", Long.MAX_VALUE, null, null);

        assertThat(EventLine.format(huge)).endsWith("+1000000000000 EUR  balance 9223372036854775807 EUR");
    }

    @Test
    void shouldFormatEveryTypeTheEventsTopicCarries() throws Exception {
        List<Class<? extends SpecificRecord>> types = BankSerdes.EVENT_TYPES;
        assertThat(types).contains(AccountClosed.class, TransferDebited.class, TransferCredited.class, TransferReversed.class);
        for (Class<? extends SpecificRecord> type : types) {
            SpecificRecord sample = sampleOf(type);
            String line = EventLine.format(sample);

            assertThat(line).as(type.getSimpleName()).startsWith("2026-11-23T10:15:30.123Z  x  v1  " + type.getSimpleName() + "  ");
            if (type.getSimpleName().startsWith("Transfer")) {
                // a transfer event's correlation id is its transfer id, printed once as such, before who asked
                assertThat(line).as(type.getSimpleName()).contains("  transfer x  ").doesNotContain("corr").endsWith("  by x via x");
            } else {
                assertThat(line).as(type.getSimpleName()).contains("  by x via x").endsWith("  corr x");
            }
        }
    }

    @Test
    void shouldRefuseARecordThatIsNotAnEvent() {
        AccountBalance balance = new AccountBalance("acc-1", 600L, "EUR", 3L, T0, AccountStatus.OPEN);

        assertThatThrownBy(() -> EventLine.format(balance)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org.eventbank.schemas.avro.AccountBalance");
    }

    /** A record of the type with every field set, built generically so a new event type is covered without editing this test. */
    private static SpecificRecord sampleOf(Class<? extends SpecificRecord> type) throws Exception {
        // Avro 1.12 instantiates a nested record class (Initiator) by name only if it is trusted; the serdes and the
        // catalog trust the generated classes when loaded, but this test must not depend on another having run first.
        GeneratedClasses.trust();
        return (SpecificRecord) sampleValue(type.getConstructor().newInstance().getSchema());
    }

    private static Object sampleValue(Schema schema) {
        return switch (schema.getType()) {
            case STRING -> "x";
            case LONG -> schema.getLogicalType() == null ? (Object) 1L : T0;
            case ENUM -> SpecificData.get().createEnum(schema.getEnumSymbols().get(0), schema);
            // Optional fields get their value, never null: "every field set".
            case UNION -> sampleValue(schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL)
                    .findFirst().orElseThrow());
            case RECORD -> {
                SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), sampleValue(field.schema()));
                }
                yield record;
            }
            default -> throw new IllegalStateException("add a sample value for " + schema);
        };
    }
}
