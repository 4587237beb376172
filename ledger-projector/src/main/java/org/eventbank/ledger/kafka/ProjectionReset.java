package org.eventbank.ledger.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuild: makes the next start refold every store from offset 0 of the ledger, like Kafka's
 * {@code kafka-streams-application-reset} tool. It deletes the application's committed offsets (its
 * consumer group), its internal changelog and repartition topics, and this instance's local state
 * directory for the application. Restoring from a changelog replays the old stores; deleting the
 * changelogs is what makes this a refold. Every instance must be stopped first: the group must be
 * empty, and each instance's local state must go (run every instance with the rebuild flag once).
 */
public final class ProjectionReset {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ProjectionReset.class);

    private ProjectionReset() {
    }

    public static void reset(Admin admin, String applicationId, Path stateDir) {
        log.warn("Rebuild requested: deleting the committed offsets, internal topics and local state of application {}", applicationId);
        try {
            try {
                admin.deleteConsumerGroups(List.of(applicationId)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    throw new IllegalStateException("cannot rebuild: instances of " + applicationId
                            + " are still running; stop every instance, then start them with --rebuild", e.getCause());
                }
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            Set<String> internal = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .filter(name -> name.endsWith("-changelog") || name.endsWith("-repartition"))
                    .collect(java.util.stream.Collectors.toSet());
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                awaitDeleted(admin, internal);
            }
            log.warn("Rebuild: deleted internal topics {}", internal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting " + applicationId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reset application " + applicationId + ": " + e, e);
        }
        deleteRecursively(stateDir.resolve(applicationId));
    }

    private static void awaitDeleted(Admin admin, Set<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> remaining = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (topics.stream().noneMatch(remaining::contains)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("internal topics " + topics + " still exist after " + TIMEOUT);
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            log.warn("Rebuild: deleted local state {}", directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete local state " + directory, e);
        }
    }
}
