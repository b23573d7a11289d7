package dev.weft.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What a benchmark ran on, printed above its results so figures are never read without it. */
public final class Environment {
  private Environment() {}

  /** Prints the date, JDK, CPU count, CPU model and the load average to {@code out}. */
  public static void print(PrintStream out, String benchmark) {
    out.println("# " + benchmark);
    out.println(
        "# date: "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + ", JDK "
            + System.getProperty("java.vm.vendor")
            + " "
            + Runtime.version()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs ("
            + cpuModel()
            + ")"
            + ", load average "
            + loadAverage());
    double load = oneMinuteLoad();
    if (load >= 0.5) {
      out.printf(
          "# WARNING: the machine is busy (1-minute load average %.2f on %d CPUs): figures will"
              + " be noisy and pessimistic; rerun on an idle machine%n",
          load, Runtime.getRuntime().availableProcessors());
    }
    out.println(
        "# JVM flags: "
            + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Prints the load average at the end of a run, to show whether something else ran meanwhile. */
  public static void printEnd(PrintStream out) {
    out.println("# load average at the end: " + loadAverage());
  }

  private static double oneMinuteLoad() {
    try {
      return Double.parseDouble(loadAverage().split(" ")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown model");
    } catch (IOException e) {
      return "unknown model";
    }
  }
}
