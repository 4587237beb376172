package org.eventbank.schemas.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * A change of meaning between two versions of one record, applied after Avro schema resolution
 * (which handles additive changes: a new field takes its default). Given the record as resolved
 * into the current schema and the version its writer used, it returns the record as the current
 * version means it. Registered per record full name in {@link BankSerdes#singleObject}.
 */
@FunctionalInterface
public interface Upcaster {

    SpecificRecord upcast(SpecificRecord resolved, int writerVersion);
}
