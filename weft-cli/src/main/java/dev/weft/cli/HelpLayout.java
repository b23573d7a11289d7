package dev.weft.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Lays out every {@code --help} text at {@link #WIDTH} columns, breaking lines at spaces only.
 * picocli breaks with the JDK's line {@link java.text.BreakIterator}, which also breaks after
 * {@code .} and {@code :}, so it split paths and SPIFFE IDs ({@code spiffe: //td}). Here picocli
 * renders each section on unbounded lines, and each line is then wrapped on spaces with the
 * indentation picocli would give its continuation.
 */
final class HelpLayout {
  /** The width, in columns, of every help text. */
  static final int WIDTH = 100;

  /** An option or command row: its name column, then two or more spaces, then its text. */
  private static final Pattern ROW = Pattern.compile("^( +\\S.*?\\S)( {2,})\\S");

  private HelpLayout() {}

  /** Applies the layout to {@code cli} and all its subcommands. */
  static void apply(CommandLine cli) {
    cli.setUsageHelpWidth(10_000);
    cli.setUsageHelpLongOptionsMaxWidth(30);
    Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>();
    cli.getHelpSectionMap()
        .forEach(
            (key, renderer) ->
                sections.put(
                    key,
                    help -> {
                      if (!key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                        return wrap(renderer.render(help), "");
                      }
                      // The synopsis follows its heading ("Usage: ") on the same line; wrap the two
                      // together.
                      String heading = help.synopsisHeading();
                      String indent =
                          " ".repeat((heading + help.commandSpec().qualifiedName() + " ").length());
                      return wrap(heading + renderer.render(help), indent)
                          .substring(heading.length());
                    }));
    cli.setHelpSectionMap(sections);
  }

  static String wrap(String text, String synopsisIndent) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.length() <= WIDTH) {
        out.append(line);
      } else {
        out.append(String.join("\n", wrapLine(line, hangingIndent(line, synopsisIndent))));
      }
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String hangingIndent(String line, String synopsisIndent) {
    if (!synopsisIndent.isEmpty()) {
      return synopsisIndent;
    }
    Matcher row = ROW.matcher(line);
    if (row.find()) {
      return " ".repeat(row.end() - 1 + 2);
    }
    int lead = 0;
    while (lead < line.length() && line.charAt(lead) == ' ') {
      lead++;
    }
    return " ".repeat(lead);
  }

  private static List<String> wrapLine(String line, String indent) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int start = 0;
    while (start < line.length()) {
      int space = line.indexOf(' ', start);
      int end = space < 0 ? line.length() : space;
      String word = line.substring(start, end);
      boolean fits = current.length() + word.length() <= WIDTH;
      if (!fits && !current.toString().isBlank()) {
        out.add(current.toString().stripTrailing());
        current = new StringBuilder(indent);
        if (!word.isEmpty()) {
          current.append(word);
        }
      } else {
        current.append(word);
      }
      if (space < 0) {
        break;
      }
      // Keep runs of spaces inside a line (the gap between an option and its text).
      if (!current.toString().isBlank() || current.length() < indent.length()) {
        current.append(' ');
      }
      start = space + 1;
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().stripTrailing());
    }
    return out;
  }
}
