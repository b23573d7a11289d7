package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every {@code --help} text keeps its words and IDs whole and fits its width. */
class HelpTextTest {

  static Stream<String> commands() {
    List<String> paths = new ArrayList<>();
    collect(new CommandLine(new Main()), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine cli, String prefix, List<String> paths) {
    String path = prefix.isEmpty() ? "" : prefix.strip();
    paths.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandName().equals(name)) { // skip aliases
                collect(sub, path + " " + name, paths);
              }
            });
  }

  @ParameterizedTest(name = "weft {0} --help")
  @MethodSource("commands")
  void helpKeepsEveryWordWhole(String path) {
    List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
    args.add("--help");
    Cli.Result help = Cli.run(args.toArray(String[]::new));

    assertThat(help.status()).as(help.err()).isZero();
    String flowed = String.join(" ", help.out().strip().split("\\s+"));
    for (String word : descriptionWords(path)) {
      assertThat(flowed).as("a word of the description of 'weft %s'", path).contains(word);
    }
    for (String line : help.out().split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(HelpLayout.WIDTH);
    }
  }

  private static List<String> descriptionWords(String path) {
    CommandLine cli = new CommandLine(new Main());
    if (!path.isEmpty()) {
      for (String name : path.split(" ")) {
        cli = cli.getSubcommands().get(name);
      }
    }
    List<String> words = new ArrayList<>();
    for (String line : cli.getCommandSpec().usageMessage().description()) {
      words.addAll(List.of(line.strip().split("\\s+")));
    }
    for (OptionSpec option : cli.getCommandSpec().options()) {
      if (option.hidden()) {
        continue;
      }
      for (String line : option.description()) {
        if (!line.contains("${")) {
          words.addAll(List.of(line.strip().split("\\s+")));
        }
      }
    }
    words.removeIf(String::isEmpty);
    return words;
  }
}
