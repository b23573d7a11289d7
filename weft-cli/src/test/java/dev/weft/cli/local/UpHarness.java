package dev.weft.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.TempSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * Runs {@code weft} as processes for the {@code weft up} ITs: this JVM and class path, a temporary
 * directory, the commands {@code up} prints run through a shell as printed, and everything stopped
 * ({@code weft down}, then any process left) on {@link #close()}.
 */
final class UpHarness implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(240);

  private final TempSockets tmp = new TempSockets();
  private final List<Process> started = new ArrayList<>();

  /** The state directory {@code up} is given. */
  final Path weftDir = tmp.dir().resolve("w");

  /** The command line that runs weft here, for printed commands. */
  final String weft =
      ProcessHandle.current().info().command().orElse("java")
          + " --enable-native-access=ALL-UNNAMED -cp '"
          + System.getProperty("java.class.path")
          + "' dev.weft.cli.Main";

  Path dir() {
    return tmp.dir();
  }

  /** Starts {@code weft ARGS}. */
  Process run(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.weft.cli.Main"));
    command.addAll(List.of(args));
    return track(new ProcessBuilder(command).directory(tmp.dir().toFile()).start());
  }

  /** Starts {@code command} in a shell, its standard error to ours. */
  Process start(String command) throws IOException {
    return track(
        new ProcessBuilder("sh", "-c", command)
            .directory(tmp.dir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start());
  }

  /** Runs {@code command} in a shell; checks its exit status and returns its output. */
  String shell(String command, int exit) throws Exception {
    Process p =
        track(
            new ProcessBuilder("sh", "-c", command)
                .directory(tmp.dir().toFile())
                .redirectErrorStream(true)
                .start());
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s:%n%s", command, output).isEqualTo(exit);
    return output;
  }

  /**
   * Runs the printed {@code sub}, then the printed {@code pub} until it is delivered (a publish
   * before the subscription has reached the nodes comes back UNDELIVERABLE, exit 1); returns what
   * the subscriber printed, once it exited 0.
   */
  String subThenPub(String sub, String pub) throws Exception {
    return pubUntilReceived(start(sub), pub);
  }

  /**
   * Runs the printed {@code pub} until the running {@code subscriber} has what it waits for and
   * exits (a publish the first node accepted may still be dropped further on, so an accepted one is
   * repeated too if the subscriber has not exited 5 s later); returns what it printed.
   */
  String pubUntilReceived(Process subscriber, String pub) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    String lastPub = "";
    while (subscriber.isAlive() && Instant.now().isBefore(deadline)) {
      Process publisher =
          track(
              new ProcessBuilder("sh", "-c", pub)
                  .directory(tmp.dir().toFile())
                  .redirectErrorStream(true)
                  .start());
      lastPub = new String(publisher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // exit 0 means the first node took it; a node further on may still drop it (a route left by
      // an earlier subscriber whose withdrawal is on its way): publish again until it arrives
      if (publisher.exitValue() == 0 && subscriber.waitFor(5, TimeUnit.SECONDS)) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(subscriber.waitFor(60, TimeUnit.SECONDS))
        .as("sub after the last pub: %s", lastPub)
        .isTrue();
    String got = new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(subscriber.exitValue()).as(got).isZero();
    return got;
  }

  private Process track(Process p) {
    started.add(p);
    return p;
  }

  /** The printed line that contains {@code part}, trimmed. */
  static String printed(List<String> out, String part) {
    return out.stream()
        .filter(l -> l.contains(part))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + part + "' in " + out))
        .trim();
  }

  /** A printed command, with the printed weft replaced by this JVM and class path. */
  String command(String printed) {
    return printed.replaceFirst(
        "(^|\\s)\\S*weft fabric ", "$1" + Matcher.quoteReplacement(weft) + " fabric ");
  }

  /** The lines {@code up} prints on stdout until {@code count} lines contain {@code marker}. */
  static List<String> linesUntil(Process up, String marker, int count) throws Exception {
    return linesUntil(up, marker, count, START);
  }

  /** As {@link #linesUntil(Process, String, int)}, waiting at most {@code timeout}. */
  static List<String> linesUntil(Process up, String marker, int count, Duration timeout)
      throws Exception {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                up.getErrorStream().transferTo(System.err);
              } catch (IOException ignored) {
                // the process ended
              }
            });
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                  lines.add(l);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    List<String> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    int seen = 0;
    while (seen < count && Instant.now().isBefore(deadline)) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l != null) {
        System.out.println("up: " + l);
        out.add(l);
        if (l.contains(marker)) {
          seen++;
        }
      } else if (!up.isAlive()) {
        break;
      }
    }
    assertThat(seen).as("lines with %s in %s", marker, out).isEqualTo(count);
    return out;
  }

  @Override
  public void close() throws IOException {
    try {
      run("down", "--dir", weftDir.toString()).waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Process p : started) {
      p.destroyForcibly();
    }
    tmp.close();
  }
}
