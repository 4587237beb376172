package org.eventbank.schemas.catalog;

import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;
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
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.avro.TransferInstructionKind;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;

/**
 * Avro 1.12 refuses to instantiate classes while decoding unless they are trusted (a guard against
 * gadget classes named in hostile schemas). The readers here resolve writer schemas from our own
 * catalog, never from the payload, so trusting exactly the generated classes is safe; the rest of
 * the JVM's policy is kept as it was.
 *
 * <p>Not only decoding needs it: a generated builder computes an enum field's default
 * ({@code AccountBalance.status}) through the same check. So loading the {@link SchemaCatalog}, which
 * every reader and writer of the contract does first, trusts them too.
 */
public final class GeneratedClasses {

    public static final List<Class<?>> ALL = List.of(AccountOpened.class, Deposited.class, Withdrawn.class, AccountCommand.class,
            OpenAccount.class, Deposit.class, Withdraw.class, CommandResult.class, Outcome.class, AccountBalance.class,
            AccountClosed.class, CloseAccount.class, Initiator.class, ActingAs.class, AccountStatus.class, TransferDebited.class,
            TransferCredited.class, TransferReversed.class, TransferReversalReason.class, Transfer.class, TransferOutcome.class,
            TransferInstruction.class, TransferInstructionKind.class);

    private static boolean trusted;

    private GeneratedClasses() {
    }

    /** Adds the generated classes to Avro's trusted classes, once per JVM. */
    public static synchronized void trust() {
        if (trusted) {
            return;
        }
        ClassSecurityValidator.Builder ours = ClassSecurityValidator.builder();
        ALL.forEach(ours::add);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours.build()));
        trusted = true;
    }
}
