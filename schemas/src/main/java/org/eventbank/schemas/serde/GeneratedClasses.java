package org.eventbank.schemas.serde;

import java.util.List;
import org.apache.avro.util.ClassSecurityValidator;
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

/**
 * Avro 1.12 refuses to instantiate classes while decoding unless they are trusted (a guard against
 * gadget classes named in hostile schemas). The readers here resolve writer schemas from our own
 * catalog, never from the payload, so trusting exactly the generated classes is safe; the rest of
 * the JVM's policy is kept as it was.
 */
final class GeneratedClasses {

    static final List<Class<?>> ALL = List.of(AccountOpened.class, Deposited.class, Withdrawn.class, AccountCommand.class,
            OpenAccount.class, Deposit.class, Withdraw.class, CommandResult.class, Outcome.class, AccountBalance.class);

    private static boolean trusted;

    private GeneratedClasses() {
    }

    static synchronized void trust() {
        if (trusted) {
            return;
        }
        ClassSecurityValidator.Builder ours = ClassSecurityValidator.builder();
        ALL.forEach(ours::add);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours.build()));
        trusted = true;
    }
}
