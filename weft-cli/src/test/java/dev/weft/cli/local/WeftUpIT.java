package dev.weft.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.TempSockets;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.workloadapi.DefaultX509Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft up} and {@code weft down} as separate processes: the printed line, an SVID for the
 * current user through java-spiffe, state reused by the next {@code up}, every process gone after
 * {@code down}, and children that exit by themselves when {@code up} is killed.
 */
class WeftUpIT {
  private static final Duration START = Duration.ofSeconds(120);

  private TempSockets tmp;
  private Path weftDir;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    tmp = new TempSockets();
    weftDir = tmp.dir().resolve("w");
  }

  @AfterEach
  void tearDown() throws Exception {
    run("down", "--dir", weftDir.toString()).waitFor(60, TimeUnit.SECONDS);
    for (Process p : started) {
      p.destroyForcibly();
    }
    tmp.close();
  }

  @Test
  void upServesTheCurrentUserAndDownStopsEverything() throws Exception {
    Process up = run("up", "--dir", weftDir.toString(), "--trust-domain", "it.test");
    StringBuffer upErr = new StringBuffer();
    String line = firstLine(up, upErr);
    Path socket = weftDir.resolve("it.test/public/api.sock").toAbsolutePath();
    assertThat(line).isEqualTo("it.test SPIFFE_ENDPOINT_SOCKET=unix://" + socket);

    X509Certificate root;
    try (DefaultX509Source source = source(socket)) {
      assertThat(source.getX509Svid().getSpiffeId().toString())
          .startsWith("spiffe://it.test/weft/user/");
      root = rootOf(source);
    }
    List<ProcessHandle> children = up.toHandle().children().toList();
    assertThat(children).hasSize(3); // trust server, node agent, fabric node

    Process down = run("down", "--dir", weftDir.toString());
    assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(down.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("weft: stopped weft up (pid " + up.pid() + ") and what it started\n");
    assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // A requested stop ends with one summary line: nothing "exited unexpectedly", no exception.
    await().atMost(Duration.ofSeconds(10)).until(() -> upErr.toString().contains("weft: stopped "));
    assertThat(upErr.toString().strip().lines().toList().getLast())
        .isEqualTo("weft: stopped 3 processes; state kept in " + weftDir.toAbsolutePath());
    assertThat(upErr.toString()).doesNotContain("unexpectedly", "Exception", "\tat ");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(socket).doesNotExist();
    try (Stream<Path> pids = Files.walk(weftDir)) {
      assertThat(pids.filter(p -> p.toString().endsWith(".pid")).toList()).isEmpty();
    }

    // The next up reuses the state: same CA, no new join token needed by the agent.
    Process again = run("up", "--dir", weftDir.toString(), "--trust-domain", "it.test");
    assertThat(firstLine(again, new StringBuffer())).isEqualTo(line);
    try (DefaultX509Source source = source(socket)) {
      assertThat(rootOf(source)).isEqualTo(root);
    }
    assertThat(Files.readString(weftDir.resolve("it.test/agent.log")))
        .contains("reuses its stored SVID");
    assertThat(unusedJoinTokens(weftDir.resolve("it.test/server"))).isZero();

    // A second up refuses while one runs.
    Process second = run("up", "--dir", weftDir.toString(), "--trust-domain", "it.test");
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(1);
    assertThat(new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("weft up is already running (pid " + again.pid() + "); stop it with ./weft down");

    // Killing up outright: its children notice and exit by themselves.
    List<ProcessHandle> orphans = again.toHandle().children().toList();
    again.destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> orphans.stream().noneMatch(ProcessHandle::isAlive));
  }

  private static DefaultX509Source source(Path socket) throws Exception {
    return DefaultX509Source.newSource(
        DefaultX509Source.X509SourceOptions.builder()
            .spiffeSocketPath("unix:" + socket)
            // The socket also serves the fabric node's SVID (spiffe://it.test/fabric/node, sorted
            // first): take the user's, as a client would with weft's --as.
            .svidPicker(
                svids ->
                    svids.stream()
                        .filter(
                            s ->
                                s.getSpiffeId()
                                    .toString()
                                    .startsWith("spiffe://it.test/weft/user/"))
                        .findFirst()
                        .orElse(svids.getFirst()))
            .initTimeout(Duration.ofSeconds(30))
            .build());
  }

  private static X509Certificate rootOf(DefaultX509Source source) throws Exception {
    X509Bundle bundle = source.getBundleForTrustDomain(TrustDomain.parse("it.test"));
    Set<X509Certificate> authorities = bundle.getX509Authorities();
    assertThat(authorities).hasSize(1);
    return authorities.iterator().next();
  }

  private Process run(String... args) throws IOException {
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
    Process p = new ProcessBuilder(command).directory(tmp.dir().toFile()).start();
    started.add(p);
    return p;
  }

  /** The join tokens the trust server holds, unused, in its SQLite store. */
  private static int unusedJoinTokens(Path serverDir) throws Exception {
    Path db;
    try (Stream<Path> files = Files.list(serverDir)) {
      db =
          files
              .filter(p -> p.toString().endsWith(".sqlite3") || p.toString().endsWith(".db"))
              .findFirst()
              .orElseThrow();
    }
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var rs = c.createStatement().executeQuery("SELECT count(*) FROM join_tokens")) {
      return rs.getInt(1);
    }
  }

  /** The first line {@code up} prints on stdout; its stderr is copied to {@code err} meanwhile. */
  private static String firstLine(Process up, StringBuffer err) throws Exception {
    // Own threads: the common pool may have a single worker on a 2-core machine.
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(up.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l = lines.readLine(); l != null; l = lines.readLine()) {
                  System.err.println(l);
                  err.append(l).append('\n');
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    BufferedReader out =
        new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                line.complete(out.readLine());
              } catch (IOException e) {
                line.completeExceptionally(e);
              }
            });
    return line.get(START.toSeconds(), TimeUnit.SECONDS);
  }
}
