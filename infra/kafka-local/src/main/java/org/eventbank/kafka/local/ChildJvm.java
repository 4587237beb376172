package org.eventbank.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A service in a JVM of its own, started from this JVM's java and classpath, so a test can kill it -9 (no shutdown
 * hook, no leaving the group, its open transaction left behind) while the rest of the test runs on.
 */
public final class ChildJvm implements AutoCloseable {

  /** The child's heap: enough for one service instance under a test's load. */
  private static final String HEAP_MAX = "-Xmx384m";

  private final Process process;

  private ChildJvm(Process process) {
    this.process = process;
  }

  /** Starts {@code mainClass} with these environment variables, its output (both streams) written to {@code logFile}. */
  public static ChildJvm start(Class<?> mainClass, Map<String, String> env, Path logFile) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, HEAP_MAX, "-cp", System.getProperty("java.class.path"),
        mainClass.getName()));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
    try {
      return new ChildJvm(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + mainClass.getName() + " in a child JVM", e);
    }
  }

  /** A port free on localhost now, for the child to listen on. */
  public static int freePort() {
    return Ports.free();
  }

  /** SIGKILL, and waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
