package dev.weft.cli;

import java.util.Optional;

/**
 * Makes a child process of {@code weft up} exit when its parent is gone, so that a killed
 * {@code up} never leaves servers behind. Checks once a second on a daemon thread.
 */
public final class ParentWatch {
  private ParentWatch() {}

  /** Exits this JVM (running shutdown hooks) once process {@code parentPid} is no longer alive. */
  public static void exitWhenGone(long parentPid) {
    Thread.ofPlatform().daemon().name("weft-parent-watch").start(() -> {
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
