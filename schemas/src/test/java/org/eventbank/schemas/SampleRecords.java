package org.eventbank.schemas;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
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
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;

/** One filled-in record of every message type, for round trips. */
public final class SampleRecords {

    public static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    private SampleRecords() {
    }

    public static AccountOpened opened() {
        return new AccountOpened("8f1c7e4a-0000-3000-8000-000000000001", "acc-1", 1L, T0, "cmd-1", "customer-42", "EUR", null, null);
    }

    public static Deposited deposited() {
        return new Deposited("8f1c7e4a-0000-3000-8000-000000000002", "acc-1", 2L, T0.plusMillis(5), "cmd-2", 1_000L, "EUR", 1_000L, new Initiator("customer-42", "mobile-app"), null);
    }

    public static Withdrawn withdrawn() {
        return new Withdrawn("8f1c7e4a-0000-3000-8000-000000000003", "acc-1", 3L, T0.plusMillis(9), "cmd-3", 400L, "EUR", 600L, new Initiator("teller-7", null), "corr-1");
    }

    public static AccountClosed closed() {
        return new AccountClosed("8f1c7e4a-0000-3000-8000-000000000004", "acc-2", 2L, T0.plusMillis(12), "cmd-5", "EUR", 0L,
                "moved abroad", new Initiator("customer-43", null), null);
    }

    public static List<SpecificRecord> events() {
        return List.of(opened(), deposited(), withdrawn(), closed());
    }

    public static List<AccountCommand> commands() {
        return List.of(
                new AccountCommand("cmd-1", "acc-1", "key-1", "ab12", "instance-a", null, T0, new OpenAccount("customer-42", "EUR"),
                        null, null, null, null),
                new AccountCommand("cmd-2", "acc-1", null, "cd34", "instance-a", 1L, T0, new Deposit(1_000L, "EUR"),
                        new Initiator("customer-42", "mobile-app"), ActingAs.CUSTOMER, T0.plusSeconds(30), null),
                new AccountCommand("cmd-3", "acc-1", null, "ef56", "instance-b", null, T0, new Withdraw(400L, null),
                        new Initiator("teller-7", null), ActingAs.TELLER, null, "corr-1"),
                new AccountCommand("cmd-5", "acc-1", "key-5", "ab99", "instance-a", 3L, T0, new CloseAccount("moved abroad"),
                        null, null, null, null));
    }

    public static List<CommandResult> results() {
        return List.of(
                new CommandResult("cmd-2", Outcome.ACCEPTED, null, "acc-1", "event-2", 2L, 1_000L, "EUR", null, false),
                new CommandResult("cmd-4", Outcome.INSUFFICIENT_FUNDS, "balance 600 is less than 5000", "acc-1", null, 3L, null, "EUR", null, false),
                new CommandResult("cmd-6", Outcome.BALANCE_NOT_ZERO, "balance is 600, not 0", "acc-1", null, 3L, 600L, "EUR", null, false));
    }

    public static AccountBalance balance() {
        return new AccountBalance("acc-1", 600L, "EUR", 3L, T0.plusMillis(9), AccountStatus.OPEN);
    }
}
