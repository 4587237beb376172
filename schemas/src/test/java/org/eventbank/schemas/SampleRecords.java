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

    /** acc-1 sends 100 EUR to acc-2 (contract v3); TRANSFER_ID is the correlationId of all three transfer events. */
    public static final String TRANSFER_ID = "7d3c1a2b-0000-5000-8000-000000000007";

    public static TransferDebited debited() {
        return new TransferDebited("8f1c7e4a-0000-3000-8000-000000000005", "acc-1", 4L, T0.plusMillis(20), "cmd-7", 100L, "EUR", 500L,
                new Initiator("customer-42", "mobile-app"), TRANSFER_ID, "acc-2", "invoice 2026-11");
    }

    public static TransferCredited credited() {
        return new TransferCredited("8f1c7e4a-0000-3000-8000-000000000006", "acc-2", 2L, T0.plusMillis(25), "cmd-7", 100L, "EUR", 100L,
                new Initiator("customer-42", "mobile-app"), TRANSFER_ID, "acc-1", 4L);
    }

    public static TransferReversed reversed() {
        return new TransferReversed("8f1c7e4a-0000-3000-8000-000000000008", "acc-1", 5L, T0.plusMillis(30), "cmd-7", 100L, "EUR", 600L,
                new Initiator("customer-42", null), TRANSFER_ID, "acc-2", 4L, TransferReversalReason.PAYEE_CLOSED);
    }

    public static List<SpecificRecord> events() {
        return List.of(opened(), deposited(), withdrawn(), closed(), debited(), credited(), reversed());
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
                        null, null, null, null),
                transferCommand());
    }

    public static AccountCommand transferCommand() {
        return new AccountCommand("cmd-7", "acc-1", "key-7", "cd77", "instance-a", null, T0.plusMillis(19),
                new Transfer(TRANSFER_ID, "acc-2", 100L, "EUR", "invoice 2026-11"), new Initiator("customer-42", "mobile-app"),
                ActingAs.CUSTOMER, null, TRANSFER_ID);
    }

    /** The payer's writer answers a transfer command first with TRANSFER_PENDING: debited, not yet credited. */
    public static CommandResult transferPending() {
        return new CommandResult("cmd-7", Outcome.TRANSFER_PENDING, null, "acc-1", "8f1c7e4a-0000-3000-8000-000000000005", 4L, 500L,
                "EUR", null, false, new TransferOutcome(TRANSFER_ID, "acc-1", "acc-2", 100L, "EUR", 4L, null, null, null));
    }

    public static TransferInstruction creditInstruction() {
        return new TransferInstruction(TransferInstructionKind.CREDIT, TRANSFER_ID, "acc-1", "acc-2", 100L, "EUR", 4L,
                T0.plusMillis(19), "cmd-7", "instance-a", new Initiator("customer-42", "mobile-app"), null, null, null);
    }

    public static List<CommandResult> results() {
        return List.of(
                new CommandResult("cmd-2", Outcome.ACCEPTED, null, "acc-1", "event-2", 2L, 1_000L, "EUR", null, false, null),
                new CommandResult("cmd-4", Outcome.INSUFFICIENT_FUNDS, "balance 600 is less than 5000", "acc-1", null, 3L, null, "EUR", null, false, null),
                new CommandResult("cmd-6", Outcome.BALANCE_NOT_ZERO, "balance is 600, not 0", "acc-1", null, 3L, 600L, "EUR", null, false, null),
                transferPending());
    }

    public static AccountBalance balance() {
        return new AccountBalance("acc-1", 600L, "EUR", 3L, T0.plusMillis(9), AccountStatus.OPEN);
    }
}
