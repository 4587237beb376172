package org.eventbank.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.catalog.SchemaCatalog.Release;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;

/**
 * The serdes of the release before contract v2, as a reader: a catalog without any v2 event, as that
 * release's jar held it. Named in {@code BANK_SERDES_CLASS} (the serdes seam) to run today's projector
 * as a reader that has not been upgraded. The one v2 schema it keeps is AccountBalance's, because today's
 * generated class is v2 and a writer must find its own schema in the catalog; pinned to v1 (as the test
 * does), it writes what the previous release wrote.
 */
public final class PreviousReleaseSerdes implements BankSerdes {

    private final BankSerdes v1Only;

    public PreviousReleaseSerdes() {
        SchemaCatalog today = SchemaCatalog.builtIn();
        List<Release> releases = new ArrayList<>();
        today.fullNames().forEach(name -> today.version(name, 1).ifPresent(v1 -> releases.add(new Release(v1, 1))));
        releases.add(new Release(AccountBalance.getClassSchema(), 2));
        this.v1Only = BankSerdes.singleObject(SchemaCatalog.ofReleases(releases), WriterVersions.newest(), Map.of());
    }

    @Override
    public Serde<SpecificRecord> event() {
        return v1Only.event();
    }

    @Override
    public Serde<AccountCommand> command() {
        return v1Only.command();
    }

    @Override
    public Serde<CommandResult> result() {
        return v1Only.result();
    }

    @Override
    public Serde<AccountBalance> balance() {
        return v1Only.balance();
    }

    /** The projector never reads or writes instructions; delegated only because the seam requires every serde. */
    @Override
    public Serde<TransferInstruction> instruction() {
        return v1Only.instruction();
    }
}
