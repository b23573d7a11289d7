package dev.weft.cli.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft down}: stops the local mesh that {@code weft up} started. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stop the local mesh started by 'weft up' and every process it started. State is kept.")
public final class DownCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = ".weft",
      paramLabel = "DIR",
      description = "State directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    PrintWriter out = spec.commandLine().getOut();
    List<ProcessHandle> stopped = new ArrayList<>();
    Optional<ProcessHandle> up = RunFile.holder(root);
    up.ifPresent(ChildProcess::stop);
    // Children of a killed "up" exit by themselves within a second; stop any that linger.
    for (Path pidFile : pidFiles(root)) {
      try {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> child =
            ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(
                    h ->
                        h.info()
                            .commandLine()
                            .map(c -> c.contains("dev.weft.cli.Main"))
                            .orElse(false));
        child.ifPresent(
            h -> {
              ChildProcess.stop(h);
              stopped.add(h);
            });
        Files.deleteIfExists(pidFile);
      } catch (NumberFormatException e) {
        Files.deleteIfExists(pidFile);
      }
    }
    Files.deleteIfExists(root.resolve("up.pid"));
    List<String> what = new ArrayList<>();
    up.ifPresent(p -> what.add("weft up (pid " + p.pid() + ") and what it started"));
    if (!stopped.isEmpty()) {
      what.add(
          stopped.size() + (stopped.size() == 1 ? " leftover process" : " leftover processes"));
    }
    out.println(
        what.isEmpty()
            ? "weft: nothing was running"
            : "weft: stopped " + String.join(", and ", what));
    out.flush();
    return 0;
  }

  private static List<Path> pidFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      return files
          .filter(
              p ->
                  p.getFileName().toString().endsWith(".pid")
                      && !p.getFileName().toString().equals("up.pid"))
          .toList();
    }
  }
}
