package org.eventbank.schemas.serde;

import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.SchemaCatalog;

/**
 * The serdes of the bank's topics. This is the one seam where a registry-backed serde (for
 * example Confluent's, which is not on Maven Central) would replace single-object encoding:
 * implement this interface and name the class in the environment variable {@code BANK_SERDES_CLASS}
 * (read by each service's cluster settings).
 */
public interface BankSerdes {

    /** Record types of the events topic, told apart by writer-schema fingerprint. */
    List<Class<? extends SpecificRecord>> EVENT_TYPES = List.of(AccountOpened.class, Deposited.class, Withdrawn.class,
            AccountClosed.class, TransferDebited.class, TransferCredited.class, TransferReversed.class);

    /** Keys of every topic: the account id, or the command id on the results topic, as UTF-8. */
    default Serde<String> key() {
        return Serdes.String();
    }

    Serde<SpecificRecord> event();

    Serde<AccountCommand> command();

    Serde<CommandResult> result();

    Serde<AccountBalance> balance();

    /** The steps of a transfer between two accounts' single writers (contract v3), on the transfer-instructions topic. */
    Serde<TransferInstruction> instruction();

    /** Single-object encoding against the catalog shipped in this jar: the default. */
    static BankSerdes singleObject() {
        return singleObject(SchemaCatalog.builtIn());
    }

    static BankSerdes singleObject(SchemaCatalog catalog) {
        return singleObject(catalog, WriterVersions.newest(), Map.of());
    }

    /**
     * Single-object encoding against {@code catalog}, each family written in the version {@code writerVersions}
     * pins (readers first, writers by switch), with an {@link Upcaster} per record full name where a change of
     * meaning needs one.
     */
    static BankSerdes singleObject(SchemaCatalog catalog, WriterVersions writerVersions, Map<String, Upcaster> upcasters) {
        var event = SingleObjectSerde.ofAny(catalog, EVENT_TYPES, writerVersions, upcasters);
        var command = SingleObjectSerde.of(catalog, AccountCommand.class, writerVersions, upcasters);
        var result = SingleObjectSerde.of(catalog, CommandResult.class, writerVersions, upcasters);
        var balance = SingleObjectSerde.of(catalog, AccountBalance.class, writerVersions, upcasters);
        var instruction = SingleObjectSerde.of(catalog, TransferInstruction.class, writerVersions, upcasters);
        return new BankSerdes() {
            @Override
            public Serde<SpecificRecord> event() {
                return event;
            }

            @Override
            public Serde<AccountCommand> command() {
                return command;
            }

            @Override
            public Serde<CommandResult> result() {
                return result;
            }

            @Override
            public Serde<AccountBalance> balance() {
                return balance;
            }

            @Override
            public Serde<TransferInstruction> instruction() {
                return instruction;
            }
        };
    }

    /**
     * The serdes named by a class name (with a public no-argument constructor), or single-object
     * encoding when the name is blank.
     */
    static BankSerdes fromClassName(String className) {
        if (className == null || className.isBlank()) {
            return singleObject();
        }
        try {
            return Class.forName(className).asSubclass(BankSerdes.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("BANK_SERDES_CLASS=" + className
                    + " is not a BankSerdes with a public no-argument constructor", e);
        }
    }
}
