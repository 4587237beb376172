package org.eventbank.account.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** Commands and events for account "acc-1" with readable defaults. */
final class Fixtures {

    static final String ACCOUNT = "acc-1";
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private Fixtures() {
    }

    static AccountCommand.OpenAccount open(String owner, String currency) {
        return new AccountCommand.OpenAccount("cmd-open", ACCOUNT, OptionalLong.empty(), T0, owner, currency);
    }

    static AccountCommand.Deposit deposit(long amountMinor) {
        return deposit(amountMinor, Optional.empty(), OptionalLong.empty(), T0.plusSeconds(60));
    }

    static AccountCommand.Deposit deposit(long amountMinor, Optional<String> currency, OptionalLong expectedVersion,
                                          Instant issuedAt) {
        return new AccountCommand.Deposit("cmd-deposit", ACCOUNT, expectedVersion, issuedAt, amountMinor, currency);
    }

    static AccountCommand.Withdraw withdraw(long amountMinor) {
        return withdraw(amountMinor, Optional.empty(), OptionalLong.empty());
    }

    static AccountCommand.Withdraw withdraw(long amountMinor, Optional<String> currency, OptionalLong expectedVersion) {
        return new AccountCommand.Withdraw("cmd-withdraw", ACCOUNT, expectedVersion, T0.plusSeconds(60), amountMinor,
                currency);
    }

    static AccountEvent.AccountOpened opened() {
        return new AccountEvent.AccountOpened(AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, T0, "cmd-open",
                "customer-7", "EUR");
    }

    static AccountEvent.Deposited deposited(long version, long amountMinor, long balanceAfterMinor) {
        return new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, version), ACCOUNT, version, T0,
                "cmd-" + version, amountMinor, "EUR", balanceAfterMinor);
    }
}
