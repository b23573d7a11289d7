package dev.weft.bench.fabric;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server run as its own process for the benchmark (nats-server, or a weft node in its own JVM),
 * so that its memory is measured apart from the load generator's. Its output goes to a log file
 * beside its configuration; {@link #rssBytes()} reads its resident set from {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final boolean jvm;

  private ServerProcess(String name, Process process, Path log, boolean jvm) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.jvm = jvm;
  }

  /**
   * Starts {@code command} with its output in {@code log} and waits until it accepts TCP
   * connections on 127.0.0.1:{@code port}.
   *
   * @throws IOException if it exits or does not listen within {@code timeout}; the message ends
   *     with the last lines of its log
   */
  static ServerProcess start(
      String name, List<String> command, Path log, int port, Duration timeout)
      throws IOException, InterruptedException {
    return start(name, command, log, port, timeout, false);
  }

  /**
   * {@link #start(String, List, Path, int, Duration)} for a JVM: before each {@link #rssBytes()}
   * reading, a full collection is asked for with {@code jcmd PID GC.run}, so that garbage the
   * collector has not yet reclaimed is not counted as memory held.
   */
  static ServerProcess startJvm(
      String name, List<String> command, Path log, int port, Duration timeout)
      throws IOException, InterruptedException {
    return start(name, command, log, port, timeout, true);
  }

  private static ServerProcess start(
      String name, List<String> command, Path log, int port, Duration timeout, boolean jvm)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(name, process, log, jvm);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            name + " exited with status " + process.exitValue() + ": " + server.tail());
      }
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return server;
      } catch (IOException notYet) {
        if (System.nanoTime() - deadline > 0) {
          server.close();
          throw new IOException(
              name
                  + " did not listen on 127.0.0.1:"
                  + port
                  + " within "
                  + timeout
                  + ": "
                  + server.tail(),
              notYet);
        }
        Thread.sleep(50);
      }
    }
  }

  /** A TCP port free on 127.0.0.1 at the time of the call. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The process's resident set size (VmRSS), in bytes; for a JVM, right after a full GC. */
  long rssBytes() throws IOException, InterruptedException {
    if (jvm) {
      Process gc =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(process.pid()),
                  "GC.run")
              .redirectErrorStream(true)
              .start();
      gc.getInputStream().readAllBytes();
      if (gc.waitFor() != 0) {
        throw new IOException(name + ": jcmd " + process.pid() + " GC.run failed");
      }
      Thread.sleep(500);
    }
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException(name + ": no VmRSS in /proc/" + process.pid() + "/status");
  }

  /** Whether the process still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** The last lines of the process's log, for error messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after 5 seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
