package org.eventbank.schemas.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.DynamicTest;

/**
 * One golden state-store value: the file name, the serde of its store, and the value the file holds,
 * written out literally because it describes frozen bytes. A store value's first byte is its format;
 * the files of format N live in {@code golden/v<N>/}. Shared by the services' store golden tests and
 * their writer mains.
 */
public record StoreGolden<T>(String file, Serde<T> serde, T facts) {

    public byte[] encode() {
        return serde.serializer().serialize("golden", facts);
    }

    public T decode(byte[] bytes) {
        return serde.deserializer().deserialize("golden", bytes);
    }

    /** Fails unless every variant has its file in {@code v1} (write them with {@code writer}, never by hand). */
    public static void assertEveryV1File(List<StoreGolden<?>> variants, String writer) {
        Path v1 = GoldenFolder.root().resolve("v1");
        List<String> missing = variants.stream().map(StoreGolden::file).filter(name -> !Files.isRegularFile(v1.resolve(name))).toList();
        assertThat(missing).as("golden files missing from %s (write them with %s, never by hand)", v1, writer).isEmpty();
    }

    /**
     * A test per golden file: byte 0 is the folder's format, today's serde decodes it to the variant's facts,
     * and writes exactly these bytes again. (Today's serdes write format 1, the only one; once a format 2
     * exists, files of format 1 are compared with a writer pinned to format 1.)
     */
    public static Stream<DynamicTest> tests(List<StoreGolden<?>> variants, String writer) {
        return GoldenFolder.files().stream().map(file -> DynamicTest.dynamicTest(GoldenFolder.root().relativize(file).toString(),
                () -> check(file, named(variants, file.getFileName().toString(), writer))));
    }

    /** The variant of this file name, or a failure saying where its facts go. */
    public static StoreGolden<?> named(List<StoreGolden<?>> variants, String file, String writer) {
        return variants.stream().filter(golden -> golden.file().equals(file)).findFirst().orElseGet(() ->
                fail("%s has no expected facts: add them to the golden variants (then write it with %s)", file, writer));
    }

    /** The body of a writer main over these variants: writes the files of the requested format (see {@link GoldenFolder#writeOrExit}). */
    public static void writeOrExit(String program, String[] args, List<StoreGolden<?>> variants) throws IOException {
        GoldenFolder.writeOrExit(program, args, (format, only) -> {
            only.forEach(name -> named(variants, name, program));
            Map<String, byte[]> toWrite = new TreeMap<>();
            for (StoreGolden<?> golden : variants) {
                if (!only.isEmpty() && !only.contains(golden.file())) {
                    continue;
                }
                byte[] bytes = golden.encode();
                if (bytes[0] != format) {
                    System.out.println("skipped " + golden.file() + ": today's serde writes format " + bytes[0] + ", not " + format);
                    continue;
                }
                toWrite.put(golden.file(), bytes);
            }
            return toWrite;
        });
    }

    private static <T> void check(Path file, StoreGolden<T> golden) throws IOException {
        int format = GoldenFolder.versionOf(file.getParent());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as("length of %s", file).isGreaterThan(1);
        assertThat(bytes[0]).as("format byte of %s", file).isEqualTo((byte) format);
        assertThat(golden.decode(bytes)).as("%s decoded by today's serde", file).isEqualTo(golden.facts());
        assertThat(golden.encode()).as("%s re-encoded by today's serde", file).isEqualTo(bytes);
    }
}
