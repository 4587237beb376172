package org.eventbank.account.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** Commands and events for account "acc-1" with readable defaults: nobody known as initiator, no deadline. */
final class Fixtures {

    static final String ACCOUNT = "acc-1";
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private Fixtures() {
    }

    static AccountCommand.OpenAccount open(String owner, String currency) {
        return new AccountCommand.OpenAccount("cmd-open", ACCOUNT, OptionalLong.empty(), T0, owner, currency,
                Origin.NONE, Optional.empty(), Optional.empty());
    }

    static AccountCommand.Deposit deposit(long amountMinor) {
        return deposit(amountMinor, Optional.empty(), OptionalLong.empty(), T0.plusSeconds(60));
    }

    static AccountCommand.Deposit deposit(long amountMinor, Optional<String> currency, OptionalLong expectedVersion,
                                          Instant issuedAt) {
        return new AccountCommand.Deposit("cmd-deposit", ACCOUNT, expectedVersion, issuedAt, amountMinor, currency,
                Origin.NONE, Optional.empty(), Optional.empty());
    }

    static AccountCommand.Withdraw withdraw(long amountMinor) {
        return withdraw(amountMinor, Optional.empty(), OptionalLong.empty());
    }

    static AccountCommand.Withdraw withdraw(long amountMinor, Optional<String> currency, OptionalLong expectedVersion) {
        return new AccountCommand.Withdraw("cmd-withdraw", ACCOUNT, expectedVersion, T0.plusSeconds(60), amountMinor,
                currency, Origin.NONE, Optional.empty(), Optional.empty());
    }

    static AccountCommand.CloseAccount close() {
        return close(OptionalLong.empty(), Optional.of("moving abroad"));
    }

    static AccountCommand.CloseAccount close(OptionalLong expectedVersion, Optional<String> reason) {
        return new AccountCommand.CloseAccount("cmd-close", ACCOUNT, expectedVersion, T0.plusSeconds(120), reason,
                Origin.NONE, Optional.empty(), Optional.empty());
    }

    static AccountEvent.AccountOpened opened() {
        return new AccountEvent.AccountOpened(AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, T0, "cmd-open",
                "customer-7", "EUR", Origin.NONE);
    }

    static AccountEvent.Deposited deposited(long version, long amountMinor, long balanceAfterMinor) {
        return new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0,
                "cmd-" + version, amountMinor, "EUR", balanceAfterMinor, Origin.NONE);
    }

    static AccountEvent.Withdrawn withdrawn(long version, long amountMinor, long balanceAfterMinor) {
        return new AccountEvent.Withdrawn(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0,
                "cmd-" + version, amountMinor, "EUR", balanceAfterMinor, Origin.NONE);
    }

    // ---- transfers (decision 0016): acc-1 pays acc-2 ----

    static final String PAYEE = "acc-2";
    static final String TRANSFER_ID = "tr-1";
    /** A transfer's origin: nobody known, its transferId as correlation id (the edge sets it so). */
    static final Origin TRANSFER_ORIGIN = new Origin(Optional.empty(), Optional.of(TRANSFER_ID));
    static final Instant TRANSFER_AT = T0.plusSeconds(90);

    static AccountCommand.Transfer transfer(long amountMinor) {
        return transfer(PAYEE, amountMinor, Optional.empty());
    }

    static AccountCommand.Transfer transfer(String toAccountId, long amountMinor, Optional<String> currency) {
        return new AccountCommand.Transfer("cmd-transfer", ACCOUNT, OptionalLong.empty(), TRANSFER_AT, TRANSFER_ID, toAccountId,
                amountMinor, currency, Optional.of("invoice 7"), TRANSFER_ORIGIN, Optional.empty(), Optional.empty());
    }

    /** acc-1's debit of a transfer to acc-2, as the decider writes it for {@link #transfer}. */
    static AccountEvent.TransferDebited debited(long version, long amountMinor, long balanceAfterMinor) {
        return new AccountEvent.TransferDebited(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0, "cmd-transfer",
                TRANSFER_ID, PAYEE, amountMinor, "EUR", balanceAfterMinor, Optional.of("invoice 7"), TRANSFER_ORIGIN);
    }

    /** acc-2 could not take it: the money comes back to acc-1. */
    static AccountEvent.TransferReversed reversed(long version, long amountMinor, long balanceAfterMinor, long debitVersion) {
        return new AccountEvent.TransferReversed(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0, "cmd-transfer",
                TRANSFER_ID, PAYEE, amountMinor, "EUR", balanceAfterMinor, debitVersion, ReversalReason.PAYEE_CLOSED,
                TRANSFER_ORIGIN);
    }

    /** acc-1 as a payee: a transfer from acc-0 arrived. */
    static AccountEvent.TransferCredited credited(long version, long amountMinor, long balanceAfterMinor) {
        return new AccountEvent.TransferCredited(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0, "cmd-in",
                "tr-in", "acc-0", amountMinor, "EUR", balanceAfterMinor, 7, new Origin(Optional.empty(), Optional.of("tr-in")));
    }

    static AccountEvent.AccountClosed closed(long version) {
        return new AccountEvent.AccountClosed(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0,
                "cmd-" + version, "EUR", 0, Optional.empty(), Origin.NONE);
    }
}
