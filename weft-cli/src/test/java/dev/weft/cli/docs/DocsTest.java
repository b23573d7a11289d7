package dev.weft.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * README.md and docs/*.md stay true: every configuration block loads with the real reader (and a
 * trust server configuration starts), and every {@code weft ...} command they show parses against
 * the real command line, with no stale subcommand, flag or value.
 *
 * <p>A block can be marked on the line before its fence: {@code <!-- docs-test: partial KIND -->}
 * for a fragment (it is merged onto a minimal configuration of that kind and then loaded), {@code
 * <!-- docs-test: KIND -->} to name a kind the test cannot guess, or {@code <!-- docs-test: skip
 * REASON -->}. Kinds: {@code trust-server}, {@code node-agent}, {@code agent}.
 */
class DocsTest {
  /** The repository root, found from this module's directory (the tests' working directory). */
  static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("README.md and docs/ not found above " + here);
  }

  static List<Path> documents() throws IOException {
    Path root = repositoryRoot();
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  @TestFactory
  Stream<DynamicTest> everyConfigurationBlockLoads() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : documents()) {
      for (Markdown.Block block : Markdown.read(file).blocks()) {
        if (!block.info().equals("yaml") || block.marker().startsWith("skip")) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(block.where(), () -> DocConfigs.check(block)));
      }
    }
    assertThat(tests).as("configuration blocks in the docs").isNotEmpty();
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyCommandInACodeBlockParses() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : documents()) {
      for (Markdown.Block block : Markdown.read(file).blocks()) {
        if (block.marker().startsWith("skip")
            || !Set.of("", "sh", "bash", "console").contains(block.info())) {
          continue;
        }
        String[] lines = block.text().split("\n");
        for (int i = 0; i < lines.length; i++) {
          int first = block.line() + i;
          StringBuilder command = new StringBuilder(lines[i]);
          while (command.toString().endsWith("\\") && i + 1 < lines.length) {
            command.setLength(command.length() - 1);
            command.append(' ').append(lines[++i]);
          }
          Optional<List<String>> args = ShellWords.weftArguments(command.toString());
          if (args.isPresent() && args.get().stream().anyMatch(a -> a.startsWith("[-"))) {
            // A synopsis ("weft call --agent ID [--timeout 10s]"): names, not a command line.
            tests.add(
                DynamicTest.dynamicTest(
                    block.file().getFileName()
                        + ":"
                        + first
                        + " synopsis weft "
                        + String.join(" ", args.get()),
                    () -> namesRealCommandAndFlags(args.get())));
          } else if (args.isPresent()) {
            tests.add(
                DynamicTest.dynamicTest(
                    block.file().getFileName()
                        + ":"
                        + first
                        + " weft "
                        + String.join(" ", args.get()),
                    () -> parsesCompletely(args.get())));
          }
        }
      }
    }
    assertThat(tests).as("weft commands in the docs' code blocks").isNotEmpty();
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyCommandNamedInTheTextExists() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Path file : documents()) {
      for (Markdown.Inline inline : Markdown.read(file).inlines()) {
        Optional<List<String>> args = ShellWords.weftArguments(inline.text());
        if (args.isPresent() && seen.add(inline.text())) {
          tests.add(
              DynamicTest.dynamicTest(
                  inline.where() + " `" + inline.text() + "`",
                  () -> namesRealCommandAndFlags(args.get())));
        }
      }
    }
    return tests.stream();
  }

  /** A full command: it parses exactly as {@code weft} would parse it, and its help prints. */
  private static void parsesCompletely(List<String> args) {
    CommandLine cli = new CommandLine(new Main());
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
      List<String> path = commandPath(parsed.commandSpec());
      path.add("--help");
      StringWriter out = new StringWriter();
      int status =
          Main.run(
              new PrintWriter(out),
              new PrintWriter(new StringWriter()),
              path.toArray(String[]::new));
      assertThat(status).as("weft " + String.join(" ", path)).isZero();
    } catch (CommandLine.ParameterException e) {
      fail("weft " + String.join(" ", args) + ": " + e.getMessage());
    }
  }

  /**
   * A command named in prose ({@code weft trust federation create|list}, {@code weft policy eval
   * --timeout}): its subcommands exist and every flag it names is one of theirs.
   */
  private static void namesRealCommandAndFlags(List<String> args) {
    List<List<String>> alternatives = new ArrayList<>(List.of(new ArrayList<>()));
    int i = 0;
    for (; i < args.size() && args.get(i).matches("[a-z][a-z0-9-]*(\\|[a-z][a-z0-9-]*)*"); i++) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : alternatives) {
        for (String word : args.get(i).split("\\|")) {
          List<String> longer = new ArrayList<>(prefix);
          longer.add(word);
          next.add(longer);
        }
      }
      alternatives = next;
    }
    List<String> flags = new ArrayList<>();
    for (String word : args.subList(i, args.size())) {
      for (String part : word.replaceAll("[\\[\\]]", "").split("\\|")) {
        if (part.startsWith("-")) {
          flags.add(part.contains("=") ? part.substring(0, part.indexOf('=')) : part);
        }
      }
    }
    for (List<String> path : alternatives) {
      CommandLine cli = new CommandLine(new Main());
      for (String name : path) {
        CommandLine sub = cli.getSubcommands().get(name);
        if (sub == null) {
          // Prose may go on after a command that has no subcommands ("weft up runs ...").
          assertThat(cli.getSubcommands())
              .as(
                  "'weft %s': '%s' is not a subcommand of '%s'",
                  String.join(" ", path), name, cli.getCommandName())
              .isEmpty();
          break;
        }
        cli = sub;
      }
      for (String flag : flags) {
        assertThat(cli.getCommandSpec().findOption(flag))
            .as(
                "'weft %s': %s is not an option of '%s'",
                String.join(" ", path), flag, String.join(" ", commandPath(cli.getCommandSpec())))
            .isNotNull();
      }
    }
  }

  private static List<String> commandPath(CommandSpec spec) {
    List<String> path = new ArrayList<>();
    for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
      path.addFirst(s.name());
    }
    return path;
  }
}
