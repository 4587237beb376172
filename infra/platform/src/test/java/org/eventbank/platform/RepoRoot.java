package org.eventbank.platform;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the test's working directory (Maven runs tests in the module directory). */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("schemas"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with mvnw and schemas/) above " + Path.of("").toAbsolutePath());
    }

    public static Path catalog() {
        return find().resolve("schemas/src/main/resources/org/eventbank/schemas/catalog");
    }
}
