package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.eventbank.account.AccountService;
import org.eventbank.ledger.LedgerProjector;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bank up} runs both services from one classpath (and one shaded jar, where the first copy
 * of a file wins): a resource both services keep under the same name would be served by one of
 * them for both. Only {@code logback.xml} may collide, since the launcher brings its own.
 */
class ServiceResourcesTest {

    static final Set<String> OVERRIDDEN_BY_THE_LAUNCHER = Set.of("logback.xml");

    @Test
    void shouldNotShareAResourceNameBetweenTheTwoServices() throws Exception {
        Set<String> shared = resources(AccountService.class);
        shared.retainAll(resources(LedgerProjector.class));
        shared.removeAll(OVERRIDDEN_BY_THE_LAUNCHER);

        assertThat(shared).as("resources both services keep under the same name").isEmpty();
    }

    /** Every non-class file of the jar or directory the class was loaded from, outside META-INF. */
    private static Set<String> resources(Class<?> type) throws IOException, URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(Files::isRegularFile).map(file -> location.relativize(file).toString().replace('\\', '/')).forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().filter(entry -> !entry.isDirectory()).map(entry -> entry.getName()).forEach(names::add);
            }
        }
        names.removeIf(name -> name.endsWith(".class") || name.startsWith("META-INF/"));
        return names;
    }
}
