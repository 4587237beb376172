package org.eventbank.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteThisProcessesPidAndDeleteItOnClose() throws Exception {
        Path path = dir.resolve("data/bank.pid");

        try (PidFile pidFile = PidFile.create(path)) {
            assertThat(Files.readString(path).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(PidFile.runningPid(path)).contains(ProcessHandle.current().pid());
        }

        assertThat(path).doesNotExist();
    }

    @Test
    void shouldRefuseToStartWhileAnotherLiveProcessHoldsTheData() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Path path = dir.resolve("bank.pid");
            Files.writeString(path, other.pid() + "\n");

            assertThatThrownBy(() -> PidFile.create(path)).hasMessageContaining("already running").hasMessageContaining("pid " + other.pid())
                    .hasMessageContaining("./bank down");
        } finally {
            other.destroy();
        }
    }

    @Test
    void shouldTakeOverAStaleFileLeftByACrashedRun() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path path = dir.resolve("bank.pid");
        Files.writeString(path, gone.pid() + "\n");

        try (PidFile pidFile = PidFile.create(path)) {
            assertThat(PidFile.runningPid(path)).contains(ProcessHandle.current().pid());
        }
    }
}
