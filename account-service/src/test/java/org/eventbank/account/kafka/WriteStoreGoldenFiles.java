package org.eventbank.account.kafka;

import java.io.IOException;
import org.eventbank.schemas.golden.StoreGolden;

/**
 * Writes the golden files of the account processor's store values for one format folder with today's
 * serdes ({@link AccountStateSerde}, {@link IdempotencyEntrySerde}, {@link OutgoingTransferSerde}): run by hand, once, when a new
 * store format is introduced (issue 12). Not a test, so no build ever writes or rewrites a golden file.
 *
 * <p>Arguments: {@code <golden-folder> v<N> [file-name ...]}. It writes every variant of
 * {@link StoreGoldenBytesTest#GOLDEN} (or only the file names given) whose serde today writes format N
 * (byte 0); the others are skipped and listed. If any target file already exists it refuses and writes
 * nothing: golden files are never rewritten (name only the new files to add some to a folder).
 *
 * <p>From the repository root, with the module's upstream installed
 * ({@code ./mvnw -B -q install -pl schemas -Dmaven.test.skip=true}):
 *
 * <pre>
 * ./mvnw -B -q -pl account-service test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=org.eventbank.account.kafka.WriteStoreGoldenFiles -Dexec.classpathScope=test \
 *     -Dexec.args="account-service/src/test/resources/golden v2"
 * </pre>
 *
 * <p>or with a plain JVM:
 *
 * <pre>
 * ./mvnw -B -q -pl account-service test-compile dependency:build-classpath -Dmdep.outputFile=target/golden.classpath
 * java -cp account-service/target/test-classes:account-service/target/classes:$(cat account-service/target/golden.classpath) \
 *     org.eventbank.account.kafka.WriteStoreGoldenFiles account-service/src/test/resources/golden v2
 * </pre>
 *
 * <p>Contract v2 added {@code v2} (account state format 2) with {@code ... golden v2}, and one format-1 idempotency
 * entry holding a results-v2 outcome with {@code ... golden v1 IdempotencyEntry-results-v2-balance-not-zero.bin}
 * (naming the file, so the existing v1 files are left alone).
 *
 * <p>Contract v3 (transfers) added {@code v3} (account state format 3) with {@code ... golden v3}, and the first values
 * of the transfers-out store ({@link OutgoingTransferSerde}, its format 1) with {@code ... golden v1
 * OutgoingTransfer-pending-with-key.bin OutgoingTransfer-pending-without-key.bin}.
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
