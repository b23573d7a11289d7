package dev.weft.cli.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a Markdown file that the docs test checks: fenced blocks and inline code. */
final class Markdown {
  /** {@code <!-- docs-test: WORDS -->} on the line before a fence. */
  private static final Pattern MARKER = Pattern.compile("^<!--\\s*docs-test:\\s*(.*?)\\s*-->\\s*$");

  private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");

  /** A fenced block: its file, the line of its first content line, info string, marker, text. */
  record Block(Path file, int line, String info, String marker, String text) {
    String where() {
      return file.getFileName() + ":" + line;
    }
  }

  /** An inline code span and where it is. */
  record Inline(Path file, int line, String text) {
    String where() {
      return file.getFileName() + ":" + line;
    }
  }

  private final List<Block> blocks = new ArrayList<>();
  private final List<Inline> inlines = new ArrayList<>();

  private Markdown() {}

  static Markdown read(Path file) throws IOException {
    Markdown md = new Markdown();
    List<String> lines = Files.readAllLines(file);
    String marker = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = MARKER.matcher(line.strip());
      if (m.matches()) {
        marker = m.group(1);
        continue;
      }
      if (line.startsWith("```")) {
        String info = line.substring(3).strip();
        StringBuilder text = new StringBuilder();
        int start = i + 2; // 1-based line of the first content line
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        md.blocks.add(new Block(file, start, info, marker, text.toString()));
        marker = "";
        continue;
      }
      if (!line.isBlank()) {
        marker = "";
      }
      Matcher inline = INLINE.matcher(line);
      while (inline.find()) {
        md.inlines.add(new Inline(file, i + 1, inline.group(1)));
      }
    }
    return md;
  }

  List<Block> blocks() {
    return blocks;
  }

  List<Inline> inlines() {
    return inlines;
  }
}
