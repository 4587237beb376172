package org.eventbank.kit.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** Files that hold a secret (a signing key, passwords): readable by their owner only from the first byte. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Writes {@code content} to a new file {@code file}, owner read/write only (where the file system has POSIX
     * permissions), atomically: the file appears whole or not at all. Callers check first that there is none.
     *
     * @throws IOException also where the file system reports that {@code file} appeared meanwhile
     */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being created: is another ./bank up starting?", e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
