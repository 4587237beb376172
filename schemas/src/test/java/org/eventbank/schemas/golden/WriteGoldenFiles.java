package org.eventbank.schemas.golden;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;

/**
 * Writes the golden files of one version folder with today's serdes: run by hand, once, when a new
 * schema version is released (issue 12). Not a test, so no build ever writes or rewrites a golden file.
 *
 * <p>Arguments: {@code <golden-folder> v<N> [file-name ...]}. It writes, for every variant of
 * {@link GoldenBytesTest#FACTS} (or only the file names given) whose record's family is at version N
 * in the catalog (today's writers of that family write version N), the bytes
 * {@code BankSerdes.singleObject()} writes for its facts: version N of the record, or its newest
 * version before N for a record the release did not change. Variants of a family at another version
 * are skipped and listed. If any target file already exists it refuses and writes nothing: golden
 * files are never rewritten (name only the new files to add some to a folder that has others).
 *
 * <p>From the repository root, after adding the new version to the catalog and any new variant's
 * facts to {@code GoldenBytesTest.FACTS}:
 *
 * <pre>
 * ./mvnw -B -q -pl schemas test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=org.eventbank.schemas.golden.WriteGoldenFiles -Dexec.classpathScope=test \
 *     -Dexec.args="schemas/src/test/resources/golden v3"
 * </pre>
 *
 * <p>or with a plain JVM:
 *
 * <pre>
 * ./mvnw -B -q -pl schemas test-compile dependency:build-classpath -Dmdep.outputFile=target/golden.classpath
 * java -cp schemas/target/test-classes:schemas/target/classes:$(cat schemas/target/golden.classpath) \
 *     org.eventbank.schemas.golden.WriteGoldenFiles schemas/src/test/resources/golden v3
 * </pre>
 *
 * <p>Then run {@code GoldenBytesTest} and commit the new files.
 */
public final class WriteGoldenFiles {

    private WriteGoldenFiles() {
    }

    public static void main(String[] args) throws IOException {
        GoldenFolder.writeOrExit("WriteGoldenFiles", args, (version, only) -> {
            Map<String, byte[]> toWrite = new TreeMap<>();
            for (String name : only) {
                if (!GoldenBytesTest.FACTS.containsKey(name)) {
                    System.err.println(name + " has no facts in GoldenBytesTest.FACTS");
                    System.exit(2);
                }
            }
            for (var variant : new TreeMap<>(GoldenBytesTest.FACTS).entrySet()) {
                SpecificRecord facts = variant.getValue();
                if (!only.isEmpty() && !only.contains(variant.getKey())) {
                    continue;
                }
                Family family = Family.of(facts.getSchema().getFullName()).orElseThrow();
                int current = family.newestVersion(SchemaCatalog.builtIn());
                if (current != version) {
                    System.out.println("skipped " + variant.getKey() + ": its family " + family + " is at v" + current + ", not v" + version);
                    continue;
                }
                requireReleased(facts);
                toWrite.put(variant.getKey(), GoldenBytesTest.serialize(facts));
            }
            return toWrite;
        });
    }

    /** Today's generated class of the record must be a released version: nothing unreleased becomes golden. */
    private static void requireReleased(SpecificRecord facts) {
        SchemaCatalog.builtIn().versionOf(SchemaCatalog.fingerprint(facts.getSchema())).orElseThrow(() ->
                new IllegalStateException(facts.getSchema().getFullName() + "'s current schema is not in the catalog"));
    }
}
