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

    static AccountEvent.AccountClosed closed(long version) {
        return new AccountEvent.AccountClosed(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0,
                "cmd-" + version, "EUR", 0, Optional.empty(), Origin.NONE);
    }
}
