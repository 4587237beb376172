package org.eventbank.schemas.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** A compatibility rule over every released version of a record, checked with Avro's own {@link SchemaCompatibility}. */
public enum Compatibility {

    /** Every version reads the data of every other version, older and newer. */
    FULL_TRANSITIVE,
    /** Every version reads the data of every older version. */
    BACKWARD_TRANSITIVE;

    /** What breaks the rule among these versions (oldest first), one sentence each; empty when it holds. */
    public List<String> violations(List<Schema> versionsOldestFirst) {
        List<String> violations = new ArrayList<>();
        for (int reader = 0; reader < versionsOldestFirst.size(); reader++) {
            for (int writer = 0; writer < versionsOldestFirst.size(); writer++) {
                boolean required = this == FULL_TRANSITIVE || writer < reader;
                if (!required || reader == writer) {
                    continue;
                }
                var result = SchemaCompatibility.checkReaderWriterCompatibility(versionsOldestFirst.get(reader),
                        versionsOldestFirst.get(writer));
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    violations.add(versionsOldestFirst.get(reader).getFullName() + " version #" + (reader + 1)
                            + " cannot read version #" + (writer + 1) + " (" + name() + "): " + result.getResult().getIncompatibilities());
                }
            }
        }
        return violations;
    }
}
