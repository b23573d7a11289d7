package dev.weft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code weft} in-process and captures what it prints. */
final class Cli {
  record Result(int status, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(status, out.toString(), err.toString());
  }
}
