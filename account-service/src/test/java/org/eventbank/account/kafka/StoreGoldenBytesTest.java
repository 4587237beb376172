package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.golden.StoreGolden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden bytes of the account processor's stores (issue 12): the "accounts" and "idempotency" store
 * values live in changelogs that other instances restore, so bytes written by a released build must be
 * read by every later one. Every file under {@code src/test/resources/golden/v<N>/} holds one store value
 * in format N (its first byte); a new format folder is picked up without editing this class.
 *
 * <p>For every file: byte 0 is the folder's format, today's serde decodes it to the facts below, and
 * today's serde writes exactly these bytes again. Every v1 file must be there. The facts are written
 * out literally because they describe frozen bytes: never edit one. New files are written by
 * {@link WriteStoreGoldenFiles}, never by hand, and an existing golden file is never rewritten.
 */
class StoreGoldenBytesTest {

    /** Every variant, frozen: add variants, never edit one. */
    static final List<StoreGolden<?>> GOLDEN = List.of(
            new StoreGolden<>("IdempotencyEntry-accepted.bin", idempotencySerde(), new IdempotencyEntry(
                    "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
                    CommandResult.newBuilder()
                            .setCommandId("1e0f9a8b-7c6d-4e5f-8a3b-2c1d0e9f8a7b")
                            .setOutcome(Outcome.ACCEPTED)
                            .setDetail(null)
                            .setAccountId("acc-golden.v1_01")
                            .setEventId("7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c")
                            .setVersion(9_223_371L)
                            .setBalanceMinor(9_223_372_036_854_775_807L)
                            .setCurrency("EUR")
                            .setOwner(null)
                            .setReplayed(false)
                            .build(),
                    Instant.parse("2026-11-24T10:15:31.456Z"))),
            new StoreGolden<>("IdempotencyEntry-rejected.bin", idempotencySerde(), new IdempotencyEntry(
                    "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13",
                    CommandResult.newBuilder()
                            .setCommandId("3a2b1c0d-9e8f-4a7b-8c5d-4e3f2a1b0c9d")
                            .setOutcome(Outcome.INSUFFICIENT_FUNDS)
                            .setDetail("balance 600 is less than 999999999999 – Guthaben zu gering 😀")
                            .setAccountId("acc-golden.v1_02")
                            .setEventId(null)
                            .setVersion(3L)
                            .setBalanceMinor(null)
                            .setCurrency("EUR")
                            .setOwner(null)
                            .setReplayed(true)
                            .build(),
                    Instant.parse("2026-11-24T10:15:32.789Z"))),
            new StoreGolden<>("AccountState-open.bin", new AccountStateSerde(), new AccountState(
                    AccountStatus.OPEN, "kunde-Ä-😀", "EUR", 9_223_372_036_854_775_807L, 9_223_371L,
                    Instant.parse("2026-11-23T10:15:31.456Z"))),
            new StoreGolden<>("AccountState-initial.bin", new AccountStateSerde(), new AccountState(
                    AccountStatus.NONE, null, null, 0L, 0L, Instant.parse("1970-01-01T00:00:00Z"))));

    private static IdempotencyEntrySerde idempotencySerde() {
        return new IdempotencyEntrySerde(BankSerdes.singleObject().result());
    }

    @Test
    void shouldHaveEveryV1File() {
        StoreGolden.assertEveryV1File(GOLDEN, "WriteStoreGoldenFiles");
    }

    @Test
    void shouldTheInitialStateFactsBeTheDomainsInitialState() {
        assertThat(StoreGolden.named(GOLDEN, "AccountState-initial.bin", "WriteStoreGoldenFiles").facts()).isEqualTo(AccountState.INITIAL);
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryGoldenFileAsItsFactsAndWriteTheSameBytes() {
        return StoreGolden.tests(GOLDEN, "WriteStoreGoldenFiles");
    }
}
