package dev.weft.policy.load;

import static dev.weft.policy.load.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The reloading logic behind PolicyWatcher, with a stand-in compiler (a module containing {@code
 * BROKEN} fails to "compile" at its line and column) so that it is tested without the engine.
 */
class WatchTest {

  @TempDir Path tmp;

  private Path dir;
  private final List<LoadedPolicy> swapped = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Watch<LoadedPolicy> watch;

  @BeforeEach
  void setUp() throws Exception {
    dir = tmp.resolve("policies");
    write(dir, "authz.rego", "package authz\n");
    write(dir, "data.json", "{\"v\": 1}");
    logs.start();
    ((Logger) LoggerFactory.getLogger(PolicyWatcher.class)).addAppender(logs);
    watch = new Watch<>(List.of(dir), WatchTest::compile, swapped::add);
  }

  @AfterEach
  void tearDown() {
    watch.close();
    ((Logger) LoggerFactory.getLogger(PolicyWatcher.class)).detachAppender(logs);
  }

  private static LoadedPolicy compile(LoadedPolicy loaded) throws PolicyException {
    for (ModuleSource m : loaded.modules()) {
      String[] lines = m.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int col = lines[i].indexOf("BROKEN");
        if (col >= 0) {
          throw new PolicyException(
              List.of(
                  new RegoError(
                      RegoError.PARSE,
                      "unexpected ident token",
                      new Location(m.file(), i + 1, col + 1),
                      null)));
        }
      }
    }
    return loaded;
  }

  private static String v(LoadedPolicy p) {
    return p.data().get("v").toString();
  }

  @Test
  void startLoadsAndPollSwapsOnChange() throws Exception {
    LoadedPolicy first = watch.start();
    assertThat(watch.current()).isSameAs(first);
    assertThat(v(first)).isEqualTo("1");

    assertThat(watch.poll()).isFalse();
    write(dir, "data.json", "{\"v\": 22}");
    assertThat(watch.poll()).isTrue();

    assertThat(v(watch.current())).isEqualTo("22");
    assertThat(watch.current().revision()).isNotEqualTo(first.revision());
    assertThat(swapped).containsExactly(watch.current());
    assertThat(watch.poll()).isFalse();
  }

  @Test
  void newAndDeletedFilesAreNoticed() throws Exception {
    watch.start();
    write(dir, "extra/data.json", "{\"w\": 1}");
    assertThat(watch.poll()).isTrue();
    assertThat(watch.current().data().get("extra")).isNotNull();

    Files.delete(dir.resolve("extra/data.json"));
    assertThat(watch.poll()).isTrue();
    assertThat(watch.current().data().get("extra")).isNull();
  }

  @Test
  void touchingWithoutChangingContentDoesNotSwap() throws Exception {
    LoadedPolicy first = watch.start();
    write(dir, "data.json", "{\"v\": 1}");

    assertThat(watch.poll()).isFalse();
    assertThat(watch.current()).isSameAs(first);
    assertThat(swapped).isEmpty();
    assertThat(watch.lastError()).isEmpty();
  }

  @Test
  void compileFailureKeepsThePreviousValueAndLogsFileLineCol() throws Exception {
    LoadedPolicy first = watch.start();
    write(dir, "authz.rego", "package authz\n\nallow BROKEN\n");

    assertThat(watch.reloadNow()).isFalse();

    assertThat(watch.current()).isSameAs(first);
    assertThat(swapped).isEmpty();
    String expected = dir + "/authz.rego:3:7: rego_parse_error: unexpected ident token";
    assertThat(watch.lastError()).get().extracting(Throwable::getMessage).isEqualTo(expected);
    assertThat(logs.list)
        .anySatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .isEqualTo(
                        "policy reload failed; keeping revision "
                            + first.revision()
                            + ":\n"
                            + expected));

    write(dir, "authz.rego", "package authz\n\nallow := true\n");
    assertThat(watch.reloadNow()).isTrue();
    assertThat(watch.lastError()).isEmpty();
    assertThat(swapped).containsExactly(watch.current());
  }

  @Test
  void loadFailureKeepsThePreviousValue() throws Exception {
    LoadedPolicy first = watch.start();
    write(dir, "data.json", "{\"v\": ");

    assertThat(watch.poll()).isFalse();

    assertThat(watch.current()).isSameAs(first);
    assertThat(watch.lastError())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith(dir + "/data.json:1:");
    assertThat(watch.poll()).as("no change since the failed attempt").isFalse();
    assertThat(watch.lastError()).isPresent();
  }

  @Test
  void revertingToTheServedContentClearsTheError() throws Exception {
    LoadedPolicy first = watch.start();
    write(dir, "authz.rego", "BROKEN\n");
    assertThat(watch.poll()).isFalse();
    assertThat(watch.lastError()).isPresent();

    write(dir, "authz.rego", "package authz\n");
    assertThat(watch.poll()).isFalse();

    assertThat(watch.lastError()).isEmpty();
    assertThat(watch.current()).isSameAs(first);
    assertThat(swapped).isEmpty();
  }

  @Test
  void aFailingListenerDoesNotStopReloads() throws Exception {
    List<LoadedPolicy> seen = new ArrayList<>();
    watch.close();
    watch =
        new Watch<>(
            List.of(dir),
            WatchTest::compile,
            p -> {
              seen.add(p);
              throw new IllegalStateException("listener bug");
            });
    watch.start();

    write(dir, "data.json", "{\"v\": 2}");
    assertThat(watch.poll()).isTrue();
    write(dir, "data.json", "{\"v\": 3}");
    assertThat(watch.poll()).isTrue();

    assertThat(seen).hasSize(2);
    assertThat(v(watch.current())).isEqualTo("3");
  }

  @Test
  void aFailingFirstLoadThrows() {
    write(dir, "authz.rego", "BROKEN");

    assertThatThrownBy(watch::start)
        .isInstanceOf(PolicyException.class)
        .hasMessage(dir + "/authz.rego:1:1: rego_parse_error: unexpected ident token");
    assertThat(watch.current()).isNull();
  }

  @Test
  void scheduledPollingSwapsAndCloseStopsIt() throws Exception {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      watch.start();
      watch.schedule(scheduler, Duration.ofMillis(10));
      write(dir, "data.json", "{\"v\": 5}");

      await().atMost(Duration.ofSeconds(10)).until(() -> v(watch.current()).equals("5"));

      watch.close(); // the periodic task leaves the queue and is never queued again
      assertThat(scheduler.getQueue()).isEmpty();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
