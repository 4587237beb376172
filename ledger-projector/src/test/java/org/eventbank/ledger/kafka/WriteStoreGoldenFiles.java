package org.eventbank.ledger.kafka;

import java.io.IOException;
import org.eventbank.schemas.golden.StoreGolden;

/**
 * Writes the golden files of the ledger projector's store values for one format folder with today's
 * {@link StoreCodecs}: run by hand, once, when a new store format is introduced (issue 12). Not a test,
 * so no build ever writes or rewrites a golden file.
 *
 * <p>Arguments: {@code <golden-folder> v<N> [file-name ...]}. It writes every variant of
 * {@link StoreGoldenBytesTest#GOLDEN} (or only the file names given) whose codec today writes format N
 * (byte 0); the others are skipped and listed. If any target file already exists it refuses and writes
 * nothing: golden files are never rewritten (name only the new files to add some to a folder).
 *
 * <p>From the repository root, with the module's upstream installed
 * ({@code ./mvnw -B -q install -pl schemas -Dmaven.test.skip=true}):
 *
 * <pre>
 * ./mvnw -B -q -pl ledger-projector test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=org.eventbank.ledger.kafka.WriteStoreGoldenFiles -Dexec.classpathScope=test \
 *     -Dexec.args="ledger-projector/src/test/resources/golden v2"
 * </pre>
 *
 * <p>or with a plain JVM:
 *
 * <pre>
 * ./mvnw -B -q -pl ledger-projector test-compile dependency:build-classpath -Dmdep.outputFile=target/golden.classpath
 * java -cp ledger-projector/target/test-classes:ledger-projector/target/classes:$(cat ledger-projector/target/golden.classpath) \
 *     org.eventbank.ledger.kafka.WriteStoreGoldenFiles ledger-projector/src/test/resources/golden v2
 * </pre>
 *
 * <p>Then run {@code StoreGoldenBytesTest} and commit the new files.
 */
public final class WriteStoreGoldenFiles {

    private WriteStoreGoldenFiles() {
    }

    public static void main(String[] args) throws IOException {
        StoreGolden.writeOrExit("WriteStoreGoldenFiles", args, StoreGoldenBytesTest.GOLDEN);
    }
}
