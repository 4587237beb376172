package org.eventbank.platform.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <data dir>/bank.pid}: the pid of the running {@code ./bank up}, so {@code ./bank down}
 * (another shell) can stop it, and a second {@code ./bank up} on the same data refuses to start
 * instead of fighting the first over the broker's files.
 */
public final class PidFile implements AutoCloseable {

    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Writes this process's pid.
     *
     * @throws IllegalStateException if the file names another process that is still alive
     */
    public static PidFile create(Path path) {
        Optional<Long> running = runningPid(path);
        long self = ProcessHandle.current().pid();
        if (running.isPresent() && running.get() != self) {
            throw new IllegalStateException("the bank is already running on this data (pid " + running.get() + ", " + path
                    + "): stop it with ./bank down, or use another --data-dir");
        }
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, self + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        return new PidFile(path, self);
    }

    /** The pid in the file if that process is alive; a stale file (a crashed run) counts as none. */
    public static Optional<Long> runningPid(Path path) {
        try {
            long pid = Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Deletes the file if it still names this process. */
    @Override
    public void close() {
        if (runningPid(path).filter(found -> found == pid).isPresent()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + path, e);
            }
        }
    }
}
