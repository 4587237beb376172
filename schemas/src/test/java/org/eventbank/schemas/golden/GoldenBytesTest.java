package org.eventbank.schemas.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountStatus;
import org.eventbank.schemas.avro.ActingAs;
import org.eventbank.schemas.avro.CloseAccount;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.OpenAccount;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.avro.TransferInstructionKind;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden bytes (issue 12): every file under {@code src/test/resources/golden/v<N>/} holds one record
 * exactly as a released writer of its family's version N put it on a topic (Avro single-object
 * encoding). That is version N of the record's schema, or, for a record the release did not change
 * (AccountOpened in contract v3), its newest version before N: such a file holds the same bytes as the
 * variant's file of that older version. The ledger keeps records forever, so every build must still
 * read them. A family that joined later numbers its own versions: the transfer instructions (contract v3)
 * start in {@code v1/}.
 *
 * <p>For every file found (a new version folder is picked up without editing this class) the test
 * checks that the header carries the catalog's fingerprint of that version of the record, that the
 * current {@link BankSerdes#singleObject()} deserializer of the record's topic decodes it to the
 * facts below, and that a writer pinned to version N writes exactly these bytes again. Every variant
 * must be there in every version folder whose writer can carry its facts.
 *
 * <p>The facts are written out literally because they describe frozen bytes: never edit one, and never
 * derive them from {@code SampleRecords} or other fixtures that may change. A file name names the
 * variant; files of the same variant in later version folders hold the same facts (a field added with
 * a default is filled in by the builder). New files are written by {@link WriteGoldenFiles}, never by
 * hand, and an existing golden file is never rewritten.
 */
class GoldenBytesTest {

    private static final BankSerdes SERDES = BankSerdes.singleObject();
    private static final SchemaCatalog CATALOG = SchemaCatalog.builtIn();
    private static final int HEADER_LENGTH = 10;

    /** What every golden file of each variant holds, by file name. Frozen: add variants, never edit one. */
    static final Map<String, SpecificRecord> FACTS = facts();

    private static Map<String, SpecificRecord> facts() {
        Map<String, SpecificRecord> facts = new LinkedHashMap<>();
        facts.put("AccountOpened.bin", AccountOpened.newBuilder()
                .setEventId("6f1d2a3b-4c5d-3e6f-8a7b-9c0d1e2f3a4b")
                .setAccountId("acc-golden.v1_01")
                .setVersion(1L)
                .setOccurredAt(Instant.parse("2026-11-23T10:15:30.123Z"))
                .setCommandId("0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a")
                .setOwner("kunde-Ä-😀")
                .setCurrency("EUR")
                .build());
        facts.put("Deposited.bin", Deposited.newBuilder()
                .setEventId("7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c")
                .setAccountId("acc-golden.v1_01")
                .setVersion(9_223_371L)
                .setOccurredAt(Instant.parse("2026-11-23T10:15:31.456Z"))
                .setCommandId("1e0f9a8b-7c6d-4e5f-8a3b-2c1d0e9f8a7b")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(9_223_372_036_854_775_807L)
                .build());
        facts.put("Withdrawn.bin", Withdrawn.newBuilder()
                .setEventId("8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d")
                .setAccountId("acc-golden.v1_01")
                .setVersion(9_223_372L)
                .setOccurredAt(Instant.parse("2026-11-23T10:15:32.789Z"))
                .setCommandId("2f1a0b9c-8d7e-4f6a-9b4c-3d2e1f0a9b8c")
                .setAmountMinor(999_999_999_999L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(9_223_371_036_854_775_808L)
                .build());
        facts.put("AccountCommand-open.bin", AccountCommand.newBuilder()
                .setCommandId("0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey("open-2026-11-23-Ä")
                .setBodyHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setReplyTo("account-service-0")
                .setExpectedVersion(null)
                .setIssuedAt(Instant.parse("2026-11-23T10:15:30.001Z"))
                .setPayload(OpenAccount.newBuilder().setOwner("kunde-Ä-😀").setCurrency("EUR").build())
                .build());
        facts.put("AccountCommand-deposit.bin", AccountCommand.newBuilder()
                .setCommandId("1e0f9a8b-7c6d-4e5f-8a3b-2c1d0e9f8a7b")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey("dep-0001")
                .setBodyHash("60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")
                .setReplyTo("account-service-1")
                .setExpectedVersion(9_223_370L)
                .setIssuedAt(Instant.parse("2026-11-23T10:15:31.400Z"))
                .setPayload(Deposit.newBuilder().setAmountMinor(1_000_000_000_000L).setCurrency("EUR").build())
                .build());
        facts.put("AccountCommand-withdraw.bin", AccountCommand.newBuilder()
                .setCommandId("2f1a0b9c-8d7e-4f6a-9b4c-3d2e1f0a9b8c")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey(null)
                .setBodyHash("fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13")
                .setReplyTo("account-service-0")
                .setExpectedVersion(null)
                .setIssuedAt(Instant.parse("2026-11-23T10:15:32.700Z"))
                .setPayload(Withdraw.newBuilder().setAmountMinor(999_999_999_999L).setCurrency(null).build())
                .build());
        facts.put("CommandResult-accepted.bin", CommandResult.newBuilder()
                .setCommandId("0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a")
                .setOutcome(Outcome.ACCEPTED)
                .setDetail(null)
                .setAccountId("acc-golden.v1_01")
                .setEventId("6f1d2a3b-4c5d-3e6f-8a7b-9c0d1e2f3a4b")
                .setVersion(1L)
                .setBalanceMinor(0L)
                .setCurrency("EUR")
                .setOwner("kunde-Ä-😀")
                .setReplayed(false)
                .build());
        facts.put("CommandResult-rejected.bin", CommandResult.newBuilder()
                .setCommandId("3a2b1c0d-9e8f-4a7b-8c5d-4e3f2a1b0c9d")
                .setOutcome(Outcome.VERSION_CONFLICT)
                .setDetail("expected version 9223370, the account is at 9223372 – ändern Sie es erneut")
                .setAccountId("acc-golden.v1_01")
                .setEventId(null)
                .setVersion(9_223_372L)
                .setBalanceMinor(null)
                .setCurrency("EUR")
                .setOwner(null)
                .setReplayed(true)
                .build());
        facts.put("AccountBalance.bin", AccountBalance.newBuilder()
                .setAccountId("acc-golden.v1_01")
                .setBalanceMinor(9_223_371_036_854_775_808L)
                .setCurrency("EUR")
                .setVersion(9_223_372L)
                .setUpdatedAt(Instant.parse("2026-11-23T10:15:32.789Z"))
                .build());
        // From v2 on: what only v2 can say (a close, who asked, a deadline, a correlation, the new outcomes, a closed balance).
        facts.put("AccountClosed.bin", AccountClosed.newBuilder()
                .setEventId("9c4a5d6e-7f8a-3b9c-8d0e-2f3a4b5c6d7e")
                .setAccountId("acc-golden.v1_01")
                .setVersion(9_223_373L)
                .setOccurredAt(Instant.parse("2026-11-30T09:00:00.001Z"))
                .setCommandId("4b3c2d1e-0f9a-4b8c-9d6e-5f4a3b2c1d0e")
                .setCurrency("EUR")
                .setBalanceAfterMinor(0L)
                .setReason("Kündigung – moved abroad 😀")
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId("mobile-app").build())
                .setCorrelationId("corr-golden-1")
                .build());
        facts.put("Deposited-initiated.bin", Deposited.newBuilder()
                .setEventId("ad5b6e7f-8a9b-3c0d-9e1f-3a4b5c6d7e8f")
                .setAccountId("acc-golden.v2_02")
                .setVersion(2L)
                .setOccurredAt(Instant.parse("2026-11-30T09:00:01.002Z"))
                .setCommandId("5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f")
                .setAmountMinor(1L)
                .setCurrency("JPY")
                .setBalanceAfterMinor(1L)
                .setInitiatedBy(Initiator.newBuilder().setSubject("teller-0007").setClientId(null).build())
                .setCorrelationId("transfer-0d9e8f7a")
                .build());
        facts.put("AccountCommand-close.bin", AccountCommand.newBuilder()
                .setCommandId("4b3c2d1e-0f9a-4b8c-9d6e-5f4a3b2c1d0e")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey("close-2026-11-30")
                .setBodyHash("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
                .setReplyTo("account-service-1")
                .setExpectedVersion(9_223_372L)
                .setIssuedAt(Instant.parse("2026-11-30T09:00:00.000Z"))
                .setPayload(CloseAccount.newBuilder().setReason("Kündigung – moved abroad 😀").build())
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId("mobile-app").build())
                .setActingAs(ActingAs.CUSTOMER)
                .setNotAfter(Instant.parse("2026-11-30T09:00:30.000Z"))
                .setCorrelationId("corr-golden-1")
                .build());
        facts.put("CommandResult-balance-not-zero.bin", CommandResult.newBuilder()
                .setCommandId("6d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f2a")
                .setOutcome(Outcome.BALANCE_NOT_ZERO)
                .setDetail("the balance is 9223371036854775808, not 0")
                .setAccountId("acc-golden.v1_01")
                .setEventId(null)
                .setVersion(9_223_372L)
                .setBalanceMinor(9_223_371_036_854_775_808L)
                .setCurrency("EUR")
                .setOwner(null)
                .setReplayed(false)
                .build());
        facts.put("AccountBalance-closed.bin", AccountBalance.newBuilder()
                .setAccountId("acc-golden.v1_01")
                .setBalanceMinor(0L)
                .setCurrency("EUR")
                .setVersion(9_223_373L)
                .setUpdatedAt(Instant.parse("2026-11-30T09:00:00.001Z"))
                .setStatus(AccountStatus.CLOSED)
                .build());
        // From v3 on (contract v3, transfers; decision 0016): acc-golden.v3_payer sends the largest amount one command may move
        // to acc-golden.v3_payee; the credit, a reversal (the last reason symbol), the transfer command and its three results.
        facts.put("TransferDebited.bin", TransferDebited.newBuilder()
                .setEventId("be6c7f80-9a0b-3c1d-8e2f-4a5b6c7d8e9f")
                .setAccountId("acc-golden.v3_payer")
                .setVersion(7L)
                .setOccurredAt(Instant.parse("2026-12-01T08:00:00.007Z"))
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(0L)
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId("mobile-app").build())
                .setCorrelationId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .setCounterpartyAccountId("acc-golden.v3_payee")
                .setReference("Rechnung Nr. 42 – Miete 😀")
                .build());
        facts.put("TransferCredited.bin", TransferCredited.newBuilder()
                .setEventId("cf7d8091-ab1c-3d2e-9f3a-5b6c7d8e9f0a")
                .setAccountId("acc-golden.v3_payee")
                .setVersion(1_000L)
                .setOccurredAt(Instant.parse("2026-12-01T08:00:00.012Z"))
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(9_223_372_036_854_775_807L)
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId(null).build())
                .setCorrelationId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .setCounterpartyAccountId("acc-golden.v3_payer")
                .setPayerDebitVersion(7L)
                .build());
        facts.put("TransferReversed.bin", TransferReversed.newBuilder()
                .setEventId("d08e91a2-bc2d-3e3f-8a4b-6c7d8e9f0a1b")
                .setAccountId("acc-golden.v3_payer")
                .setVersion(8L)
                .setOccurredAt(Instant.parse("2026-12-01T08:00:00.020Z"))
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(1_000_000_000_000L)
                .setInitiatedBy(null)
                .setCorrelationId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .setCounterpartyAccountId("acc-golden.v3_payee")
                .setDebitVersion(7L)
                .setReason(TransferReversalReason.BALANCE_OVERFLOW)
                .build());
        facts.put("AccountCommand-transfer.bin", AccountCommand.newBuilder()
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setAccountId("acc-golden.v3_payer")
                .setIdempotencyKey("transfer-2026-12-01-Ä")
                .setBodyHash("3b5d5c3712955042212316173ccf37be80072ffef6aab1a1b9aee6d1c5cb2e6b")
                .setReplyTo("account-service-2")
                .setExpectedVersion(6L)
                .setIssuedAt(Instant.parse("2026-12-01T08:00:00.001Z"))
                .setPayload(Transfer.newBuilder()
                        .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                        .setToAccountId("acc-golden.v3_payee")
                        .setAmountMinor(1_000_000_000_000L)
                        .setCurrency("EUR")
                        .setReference("Rechnung Nr. 42 – Miete 😀")
                        .build())
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId("mobile-app").build())
                .setActingAs(ActingAs.CUSTOMER)
                .setNotAfter(Instant.parse("2026-12-01T08:00:30.001Z"))
                .setCorrelationId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .build());
        facts.put("CommandResult-transfer-pending.bin", CommandResult.newBuilder()
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setOutcome(Outcome.TRANSFER_PENDING)
                .setDetail(null)
                .setAccountId("acc-golden.v3_payer")
                .setEventId("be6c7f80-9a0b-3c1d-8e2f-4a5b6c7d8e9f")
                .setVersion(7L)
                .setBalanceMinor(0L)
                .setCurrency("EUR")
                .setOwner(null)
                .setReplayed(false)
                .setTransfer(TransferOutcome.newBuilder()
                        .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                        .setFromAccountId("acc-golden.v3_payer")
                        .setToAccountId("acc-golden.v3_payee")
                        .setAmountMinor(1_000_000_000_000L)
                        .setCurrency("EUR")
                        .setDebitVersion(7L)
                        .setCreditVersion(null)
                        .setReversalVersion(null)
                        .setReversalReason(null)
                        .build())
                .build());
        facts.put("CommandResult-transfer-completed.bin", CommandResult.newBuilder()
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setOutcome(Outcome.ACCEPTED)
                .setDetail(null)
                .setAccountId("acc-golden.v3_payer")
                .setEventId("be6c7f80-9a0b-3c1d-8e2f-4a5b6c7d8e9f")
                .setVersion(7L)
                .setBalanceMinor(0L)
                .setCurrency("EUR")
                .setOwner(null)
                .setReplayed(true)
                .setTransfer(TransferOutcome.newBuilder()
                        .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                        .setFromAccountId("acc-golden.v3_payer")
                        .setToAccountId("acc-golden.v3_payee")
                        .setAmountMinor(1_000_000_000_000L)
                        .setCurrency("EUR")
                        .setDebitVersion(7L)
                        .setCreditVersion(1_000L)
                        .setReversalVersion(null)
                        .setReversalReason(null)
                        .build())
                .build());
        facts.put("CommandResult-transfer-reversed.bin", CommandResult.newBuilder()
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setOutcome(Outcome.TRANSFER_REVERSED)
                .setDetail("acc-golden.v3_payee cannot take 1000000000000 EUR: its balance would pass 9223372036854775807")
                .setAccountId("acc-golden.v3_payer")
                .setEventId("d08e91a2-bc2d-3e3f-8a4b-6c7d8e9f0a1b")
                .setVersion(8L)
                .setBalanceMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setOwner(null)
                .setReplayed(false)
                .setTransfer(TransferOutcome.newBuilder()
                        .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                        .setFromAccountId("acc-golden.v3_payer")
                        .setToAccountId("acc-golden.v3_payee")
                        .setAmountMinor(1_000_000_000_000L)
                        .setCurrency("EUR")
                        .setDebitVersion(7L)
                        .setCreditVersion(null)
                        .setReversalVersion(8L)
                        .setReversalReason(TransferReversalReason.BALANCE_OVERFLOW)
                        .build())
                .build());
        // The transfer instructions, a family of their own from contract v3 on, so in v1/: the credit the payer's writer sends,
        // the payee writer's refusal sent back, and the payee writer's word that the money arrived.
        facts.put("TransferInstruction-credit.bin", TransferInstruction.newBuilder()
                .setKind(TransferInstructionKind.CREDIT)
                .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .setPayerAccountId("acc-golden.v3_payer")
                .setPayeeAccountId("acc-golden.v3_payee")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setPayerDebitVersion(7L)
                .setIssuedAt(Instant.parse("2026-12-01T08:00:00.001Z"))
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setReplyTo("account-service-2")
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId("mobile-app").build())
                .setReason(null)
                .setDetail(null)
                .setPayeeCreditVersion(null)
                .build());
        facts.put("TransferInstruction-reverse.bin", TransferInstruction.newBuilder()
                .setKind(TransferInstructionKind.REVERSE)
                .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .setPayerAccountId("acc-golden.v3_payer")
                .setPayeeAccountId("acc-golden.v3_payee")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setPayerDebitVersion(7L)
                .setIssuedAt(Instant.parse("2026-12-01T08:00:00.001Z"))
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setReplyTo("account-service-2")
                .setInitiatedBy(null)
                .setReason(TransferReversalReason.BALANCE_OVERFLOW)
                .setDetail("acc-golden.v3_payee cannot take 1000000000000 EUR: its balance would pass 9223372036854775807")
                .setPayeeCreditVersion(null)
                .build());
        facts.put("TransferInstruction-credited.bin", TransferInstruction.newBuilder()
                .setKind(TransferInstructionKind.CREDITED)
                .setTransferId("e1d2c3b4-a596-5877-8899-aabbccddeeff")
                .setPayerAccountId("acc-golden.v3_payer")
                .setPayeeAccountId("acc-golden.v3_payee")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setPayerDebitVersion(7L)
                .setIssuedAt(Instant.parse("2026-12-01T08:00:00.001Z"))
                .setCommandId("7e6f5a4b-3c2d-4e1f-8a9b-0c1d2e3f4a5b")
                .setReplyTo("account-service-2")
                .setInitiatedBy(Initiator.newBuilder().setSubject("kunde-Ä-😀").setClientId(null).build())
                .setReason(null)
                .setDetail(null)
                .setPayeeCreditVersion(1_000L)
                .build());
        return Map.copyOf(facts);
    }

    /**
     * Every variant has a file in every version folder whose writer can carry its facts: the v1 variants in v1, v2 and
     * (for the families v3 changed) v3, the same facts written by each version; the variants only v2 can say (a close, who
     * initiated) from v2 on; the transfers from v3 on; the instructions in v1 of their own family.
     */
    @Test
    void shouldHaveEveryVariantInEveryVersionThatCanCarryIt() {
        List<String> missing = new java.util.ArrayList<>();
        for (var variant : FACTS.entrySet()) {
            Family family = Family.of(variant.getValue().getSchema().getFullName()).orElseThrow();
            for (int version = 1; version <= family.newestVersion(CATALOG); version++) {
                Path file = GoldenFolder.root().resolve("v" + version).resolve(variant.getKey());
                if (canWrite(variant.getValue(), family, version) && !Files.isRegularFile(file)) {
                    missing.add(GoldenFolder.root().relativize(file).toString());
                }
            }
        }
        assertThat(missing).as("golden files missing (write them with WriteGoldenFiles, never by hand)").isEmpty();
        assertThat(canWrite(FACTS.get("AccountClosed.bin"), Family.EVENTS, 1)).as("a close cannot be written in v1").isFalse();
        for (String onlyV3 : List.of("TransferDebited.bin", "TransferCredited.bin", "TransferReversed.bin", "AccountCommand-transfer.bin",
                "CommandResult-transfer-pending.bin", "CommandResult-transfer-completed.bin", "CommandResult-transfer-reversed.bin")) {
            SpecificRecord facts = FACTS.get(onlyV3);
            Family family = Family.of(facts.getSchema().getFullName()).orElseThrow();
            assertThat(canWrite(facts, family, 2)).as("%s cannot be written in v2", onlyV3).isFalse();
            assertThat(Files.isRegularFile(GoldenFolder.root().resolve("v3").resolve(onlyV3))).as("v3/%s", onlyV3).isTrue();
        }
        for (String instruction : List.of("TransferInstruction-credit.bin", "TransferInstruction-reverse.bin", "TransferInstruction-credited.bin")) {
            assertThat(Files.isRegularFile(GoldenFolder.root().resolve("v1").resolve(instruction))).as("v1/%s", instruction).isTrue();
        }
    }

    private static boolean canWrite(SpecificRecord facts, Family family, int version) {
        BankSerdes pinned = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(family, version)), Map.of());
        try {
            serdeOf(pinned, facts).serializer().serialize("golden", facts);
            return true;
        } catch (org.apache.kafka.common.errors.SerializationException cannotCarry) {
            return false;
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryGoldenFileAsItsFactsAndWriteTheSameBytes() {
        return GoldenFolder.files().stream().map(file -> DynamicTest.dynamicTest(
                GoldenFolder.root().relativize(file).toString(), () -> checkGoldenFile(file)));
    }

    private static void checkGoldenFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        int version = GoldenFolder.versionOf(file.getParent());
        SpecificRecord facts = FACTS.get(name);
        if (facts == null) {
            fail("%s has no expected facts: add them to GoldenBytesTest.FACTS (then write the file with WriteGoldenFiles)", file);
        }
        String fullName = facts.getSchema().getFullName();
        // A writer of family version N writes version N of the record, or its newest before N if the release left it alone.
        int recordVersion = newestVersionUpTo(fullName, version).orElseThrow(() -> new AssertionError(
                file + " is in folder v" + version + " but " + fullName + " has no released version up to " + version));
        Schema writer = CATALOG.version(fullName, recordVersion).orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        if (recordVersion < version) {
            Path sameVersion = GoldenFolder.root().resolve("v" + recordVersion).resolve(name);
            assertThat(bytes).as("%s: %s did not change in v%d, so it holds the bytes of %s", file, fullName, version, sameVersion)
                    .isEqualTo(Files.readAllBytes(sameVersion));
        }

        assertThat(bytes.length).as("length of %s", file).isGreaterThan(HEADER_LENGTH);
        assertThat(new byte[] {bytes[0], bytes[1]}).as("single-object marker of %s", file).containsExactly(0xC3, 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(Long.toHexString(fingerprint)).as("fingerprint in the header of %s: %s v%d", file, fullName, recordVersion)
                .isEqualTo(Long.toHexString(SchemaCatalog.fingerprint(writer)));

        SpecificRecord decoded = familyOf(facts).deserializer().deserialize("golden", bytes);
        assertThat(decoded).as("%s decoded by today's reader", file).isEqualTo(facts);

        // The bytes today's code writes for the same facts when its family is pinned to version N
        // (BANK_<FAMILY>_SCHEMA_VERSION=N): for the newest version that is the plain writer.
        Family family = Family.of(fullName).orElseThrow();
        BankSerdes pinned = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(family, version)), Map.of());
        assertThat(serdeOf(pinned, facts).serializer().serialize("golden", facts))
                .as("%s re-encoded by today's writer pinned to v%d", file, version).isEqualTo(bytes);
    }

    /** The highest released version of the record that is at most {@code version}; empty if it joined later. */
    private static java.util.Optional<Integer> newestVersionUpTo(String fullName, int version) {
        return CATALOG.versionsOf(fullName).stream().map(schema -> CATALOG.versionOf(SchemaCatalog.fingerprint(schema)).orElseThrow())
                .filter(released -> released <= version).max(Integer::compare);
    }

    /** The serde of the topic the record travels on: the events, commands, results, balances or transfer-instructions topic. */
    static Serde<SpecificRecord> familyOf(SpecificRecord facts) {
        return serdeOf(SERDES, facts);
    }

    @SuppressWarnings("unchecked")
    static Serde<SpecificRecord> serdeOf(BankSerdes serdes, SpecificRecord facts) {
        Serde<?> serde;
        if (BankSerdes.EVENT_TYPES.contains(facts.getClass())) {
            serde = serdes.event();
        } else if (facts instanceof AccountCommand) {
            serde = serdes.command();
        } else if (facts instanceof CommandResult) {
            serde = serdes.result();
        } else if (facts instanceof AccountBalance) {
            serde = serdes.balance();
        } else if (facts instanceof TransferInstruction) {
            serde = serdes.instruction();
        } else {
            throw new IllegalArgumentException("no topic carries " + facts.getClass());
        }
        return (Serde<SpecificRecord>) serde;
    }

    /** Today's serializer of the record's topic. */
    static byte[] serialize(SpecificRecord facts) {
        return familyOf(facts).serializer().serialize("golden", facts);
    }
}
