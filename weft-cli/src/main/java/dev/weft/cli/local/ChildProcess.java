package dev.weft.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Weft component started by {@code weft up} as its own JVM, running {@code weft <args>} with the
 * same Java and class path, logging to a file, and exiting by itself if {@code up} dies.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;

  private ChildProcess(String name, Process process, Path log, Path pidFile) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
  }

  static ChildProcess start(
      String name, List<String> weftArgs, Path log, Path pidFile, Map<String, String> env)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-XX:+UseSerialGC",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.weft.cli.Main"));
    command.addAll(weftArgs);
    command.add("--parent-pid=" + ProcessHandle.current().pid());
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    Files.writeString(pidFile, Long.toString(process.pid()));
    return new ChildProcess(name, process, log, pidFile);
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** The last lines of the log, to explain a failure. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after 10 seconds. */
  @Override
  public void close() {
    stop();
  }

  /** Stops the process like {@link #close()}; returns whether it was still running. */
  boolean stop() {
    boolean wasAlive = process.isAlive();
    stop(process.toHandle());
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException ignored) {
      // a stale pid file is checked for liveness before use
    }
    return wasAlive;
  }

  static void stop(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
    }
  }
}
