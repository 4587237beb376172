package org.eventbank.schemas.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The golden folder of a module, {@code src/test/resources/golden/v<N>/}: frozen bytes of what version N
 * writers wrote, read by every build and never rewritten. Shared by the golden tests of {@code schemas}
 * (topic records) and of the services (state-store formats), and by their hand-run writer mains.
 */
public final class GoldenFolder {

    private static final Pattern VERSION_FOLDER = Pattern.compile("v([1-9][0-9]*)");

    private GoldenFolder() {
    }

    /** The golden folder in the module's source tree (not a copy on the classpath, which can outlive a deleted file). */
    public static Path root() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
    }

    /** Every file under every version folder, sorted; anything else in the golden folder fails the test. */
    public static List<Path> files() {
        Path root = root();
        assertThat(root).as("golden folder (run from the module directory)").isDirectory();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                versionOf(folder);
                try (Stream<Path> inFolder = Files.list(folder)) {
                    files.addAll(inFolder.sorted().toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** N of a folder {@code v<N>}; anything else fails the test. */
    public static int versionOf(Path folder) {
        Matcher matcher = VERSION_FOLDER.matcher(folder.getFileName().toString());
        if (!Files.isDirectory(folder) || !matcher.matches()) {
            fail("%s is not a version folder v<N>", folder);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * The body of a writer main: {@code <golden-folder> v<N> [file-name ...]}. {@code select} gives the files of
     * version N today's code writes (restricted to the named ones, if any), by name; they are written only if none
     * of them exists yet. Exits 2 on a usage error, 1 when it refuses or has nothing to write.
     */
    public static void writeOrExit(String program, String[] args, BiFunction<Integer, List<String>, Map<String, byte[]>> select)
            throws IOException {
        if (args.length < 2 || !VERSION_FOLDER.matcher(args[1]).matches()) {
            System.err.println("usage: " + program + " <golden-folder> v<N> [file-name ...]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]).resolve(args[1]);
        int version = Integer.parseInt(args[1].substring(1));
        Map<String, byte[]> toWrite = new TreeMap<>(select.apply(version, List.of(args).subList(2, args.length)));
        List<String> existing = toWrite.keySet().stream().map(folder::resolve).filter(Files::exists).map(Path::toString).toList();
        if (!existing.isEmpty()) {
            System.err.println("refusing to overwrite golden files (they are never rewritten); nothing written: " + existing);
            System.exit(1);
        }
        if (toWrite.isEmpty()) {
            System.err.println("nothing of version " + version + " to write");
            System.exit(1);
        }
        Files.createDirectories(folder);
        for (var entry : toWrite.entrySet()) {
            Files.write(folder.resolve(entry.getKey()), entry.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            System.out.println("wrote " + folder.resolve(entry.getKey()) + " (" + entry.getValue().length + " bytes)");
        }
    }
}
