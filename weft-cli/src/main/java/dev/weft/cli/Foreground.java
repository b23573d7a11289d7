package dev.weft.cli;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running component in the foreground until SIGTERM or Ctrl-C, closing it on the way
 * out. A child of {@code weft up} also exits once its parent is gone, so that a killed {@code up}
 * never leaves servers behind.
 */
public final class Foreground {
  private Foreground() {}

  /**
   * Blocks until the JVM is asked to stop, then closes {@code component}.
   *
   * @param parentPid if not null, also stop once this process is no longer alive (checked every
   *     second)
   */
  public static void run(AutoCloseable component, String name, Long parentPid)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    component.close();
                  } catch (Exception e) {
                    System.err.println("weft: stopping " + name + " failed: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "weft-shutdown"));
    if (parentPid != null) {
      exitWhenGone(parentPid);
    }
    stopped.await();
  }

  private static void exitWhenGone(long parentPid) {
    Thread.ofPlatform()
        .daemon()
        .name("weft-parent-watch")
        .start(
            () -> {
              Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
              while (parent.isPresent() && parent.get().isAlive()) {
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
              System.err.println("weft: parent process " + parentPid + " is gone; stopping");
              System.exit(0);
            });
  }
}
