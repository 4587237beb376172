package org.eventbank.schemas.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The record families of the contract, each with its compatibility rule and the setting that pins
 * the version its writers emit (readers first, writers by switch: docs/wire-format.md).
 *
 * <ul>
 *   <li>{@link #EVENTS} and {@link #BALANCES}: read by teams we do not know, so every version reads
 *       every other version's data ({@link Compatibility#FULL_TRANSITIVE});
 *   <li>{@link #COMMANDS} and {@link #RESULTS}: read only by our own services, so each version reads
 *       every older one ({@link Compatibility#BACKWARD_TRANSITIVE}), and no writer emits a version
 *       before every reader knows it. A new branch of the command payload union is allowed under that
 *       rule (Avro calls it MISSING_UNION_BRANCH for an old reader, which never meets it);
 *   <li>{@link #INSTRUCTIONS}: the transfer instructions, under the same rule as commands.
 * </ul>
 * A version number belongs to the family: a record type that joins later (a new event type) starts
 * at the family's version of that release.
 */
public enum Family {
    EVENTS(Compatibility.FULL_TRANSITIVE, "BANK_EVENT_SCHEMA_VERSION",
            List.of("org.eventbank.schemas.avro.AccountOpened", "org.eventbank.schemas.avro.Deposited",
                    "org.eventbank.schemas.avro.Withdrawn", "org.eventbank.schemas.avro.AccountClosed",
                    "org.eventbank.schemas.avro.TransferDebited", "org.eventbank.schemas.avro.TransferCredited",
                    "org.eventbank.schemas.avro.TransferReversed")),
    BALANCES(Compatibility.FULL_TRANSITIVE, "BANK_BALANCE_SCHEMA_VERSION", List.of("org.eventbank.schemas.avro.AccountBalance")),
    COMMANDS(Compatibility.BACKWARD_TRANSITIVE, "BANK_COMMAND_SCHEMA_VERSION", List.of("org.eventbank.schemas.avro.AccountCommand")),
    RESULTS(Compatibility.BACKWARD_TRANSITIVE, "BANK_RESULT_SCHEMA_VERSION", List.of("org.eventbank.schemas.avro.CommandResult")),
    /**
     * The steps of a transfer between the two accounts' single writers (decision 0016): read and written only by
     * account-service, a family of its own from contract v3 on, so its versions count from 1.
     */
    INSTRUCTIONS(Compatibility.BACKWARD_TRANSITIVE, "BANK_INSTRUCTION_SCHEMA_VERSION",
            List.of("org.eventbank.schemas.avro.TransferInstruction"));

    private final Compatibility compatibility;
    private final String versionSetting;
    private final List<String> fullNames;

    Family(Compatibility compatibility, String versionSetting, List<String> fullNames) {
        this.compatibility = compatibility;
        this.versionSetting = versionSetting;
        this.fullNames = fullNames;
    }

    public Compatibility compatibility() {
        return compatibility;
    }

    /** The environment variable that pins the version this family's writers emit. */
    public String versionSetting() {
        return versionSetting;
    }

    /** The top-level records of the family. */
    public List<String> fullNames() {
        return fullNames;
    }

    public static Optional<Family> of(String fullName) {
        for (Family family : values()) {
            if (family.fullNames.contains(fullName)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    /** The newest version of this family the catalog holds: the highest version of any of its records. */
    public int newestVersion(SchemaCatalog catalog) {
        return fullNames.stream().mapToInt(catalog::newestVersion).max().orElse(0);
    }
}
