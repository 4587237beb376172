package org.eventbank.schemas;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.avro.AccountBalance;
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
        return new AccountOpened("8f1c7e4a-0000-3000-8000-000000000001", "acc-1", 1L, T0, "cmd-1", "customer-42", "EUR");
    }

    public static Deposited deposited() {
        return new Deposited("8f1c7e4a-0000-3000-8000-000000000002", "acc-1", 2L, T0.plusMillis(5), "cmd-2", 1_000L, "EUR", 1_000L);
    }

    public static Withdrawn withdrawn() {
        return new Withdrawn("8f1c7e4a-0000-3000-8000-000000000003", "acc-1", 3L, T0.plusMillis(9), "cmd-3", 400L, "EUR", 600L);
    }

    public static List<SpecificRecord> events() {
        return List.of(opened(), deposited(), withdrawn());
    }

    public static List<AccountCommand> commands() {
        return List.of(
                new AccountCommand("cmd-1", "acc-1", "key-1", "ab12", "instance-a", null, T0, new OpenAccount("customer-42", "EUR")),
                new AccountCommand("cmd-2", "acc-1", null, "cd34", "instance-a", 1L, T0, new Deposit(1_000L, "EUR")),
                new AccountCommand("cmd-3", "acc-1", null, "ef56", "instance-b", null, T0, new Withdraw(400L, null)));
    }

    public static List<CommandResult> results() {
        return List.of(
                new CommandResult("cmd-2", Outcome.ACCEPTED, null, "acc-1", "event-2", 2L, 1_000L, "EUR", null, false),
                new CommandResult("cmd-4", Outcome.INSUFFICIENT_FUNDS, "balance 600 is less than 5000", "acc-1", null, 3L, null, "EUR", null, false));
    }

    public static AccountBalance balance() {
        return new AccountBalance("acc-1", 600L, "EUR", 3L, T0.plusMillis(9));
    }
}
