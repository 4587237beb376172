package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** When the compose checks' tools are missing: skipped saying how to install them, or failed when CI requires them. */
class ComposeToolsTest {

    @Test
    void shouldSkipSayingHowToInstallAMissingToolUnlessItIsRequired(@TempDir Path emptyBin) {
        Map<String, String> developer = Map.of("PATH", emptyBin.toString());
        Map<String, String> ci = Map.of("PATH", emptyBin.toString(), "BANK_REQUIRE_DOCKER_COMPOSE", "true");

        assertThatThrownBy(() -> ComposeTools.binary("docker-compose", "docker-compose", developer))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("docker-compose is not installed: apt-get install docker-compose (Debian's package, as .ci/run does); skipped");
        assertThatThrownBy(() -> ComposeTools.binary("docker-compose", "docker-compose", ci))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("docker-compose is not installed").hasMessageEndingWith("BANK_REQUIRE_DOCKER_COMPOSE=true says it must be");
    }

    @Test
    void shouldFindAnInstalledToolOnThePath(@TempDir Path bin) throws Exception {
        Path tool = Files.createFile(bin.resolve("openssl"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        assertThat(ComposeTools.binary("openssl", "openssl", Map.of("PATH", "/nonexistent:" + bin, "BANK_REQUIRE_DOCKER_COMPOSE", "true")))
                .isEqualTo(tool);
    }
}
