package dev.weft.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code weft} command in a line of shell as the docs write it: a {@code $ } prompt, {@code
 * VAR=value} assignments and a {@code ./weft} or {@code weft} prefix are dropped, quotes are
 * honoured, and the command ends at a pipe, a redirection, {@code ;}, {@code &&} or a comment.
 */
final class ShellWords {
  private ShellWords() {}

  /** The arguments after {@code weft}, or empty if the line does not run weft. */
  static Optional<List<String>> weftArguments(String line) {
    List<String> words = split(line.strip().startsWith("$ ") ? line.strip().substring(2) : line);
    int i = 0;
    while (i < words.size() && words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      i++;
    }
    if (i >= words.size() || !words.get(i).matches("(.*/)?weft")) {
      return Optional.empty();
    }
    return Optional.of(new ArrayList<>(words.subList(i + 1, words.size())));
  }

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      boolean wordStart = word == null;
      if (c == '|'
          || c == ';'
          || c == '>'
          || c == '<' && wordStart
          || c == '&'
          || c == '#' && wordStart) {
        break;
      }
      word = word == null ? new StringBuilder() : word;
      word.append(c);
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
