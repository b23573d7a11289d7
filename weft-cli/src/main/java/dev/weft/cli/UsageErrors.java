package dev.weft.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Reports a bad command line in one line and exits 2: {@code weft: --timeout: 99999999999
 * (expected: ...)} for a value a converter refused, or picocli's own message followed by the
 * command's help hint for an unknown option or a missing argument. Never prints a stack trace or
 * the whole usage text.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  /** The exit status of a usage error. */
  static final int USAGE = 2;

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    String line = describe(e);
    err.println(
        "weft: " + line + (line.endsWith(")") ? "" : " (see '" + commandPath(cli) + " --help')"));
    err.flush();
    return USAGE;
  }

  static String describe(CommandLine.ParameterException e) {
    ArgSpec spec = e.getArgSpec();
    if (e.getCause() != null && spec != null && spec.type().isEnum()) {
      return argName(spec) + ": " + e.getValue() + " (expected: " + expected(spec) + ")";
    }
    if (e.getCause() instanceof CommandLine.TypeConversionException conversion
        && conversion.getMessage() != null
        && conversion.getMessage().contains("(expected: ")) {
      // Our converters say "<value> (expected: ...)"; name the flag in front of it.
      return argName(e.getArgSpec()) + ": " + conversion.getMessage();
    }
    if (e.getCause() != null && spec != null) {
      // A converter of a standard type (int, Path) failed.
      return argName(spec) + ": " + e.getValue() + " (expected: " + expected(spec) + ")";
    }
    String message = e.getMessage();
    return message == null
        ? "invalid command line"
        : message.strip().replace(System.lineSeparator(), "; ");
  }

  private static String argName(ArgSpec spec) {
    if (spec instanceof OptionSpec option) {
      return option.longestName();
    }
    if (spec instanceof PositionalParamSpec positional) {
      return positional.paramLabel();
    }
    return "argument";
  }

  private static String expected(ArgSpec spec) {
    Class<?> type = spec.type();
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder("one of ");
      Object[] constants = type.getEnumConstants();
      for (int i = 0; i < constants.length; i++) {
        values
            .append(i == 0 ? "" : ", ")
            .append(constants[i].toString().toLowerCase(java.util.Locale.ROOT));
      }
      return values.toString();
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer from 0 to "
          + (type == int.class || type == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE);
    }
    if (type == java.nio.file.Path.class) {
      return "a file path";
    }
    return spec.paramLabel();
  }

  private static String commandPath(CommandLine cli) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cli; c != null; c = c.getParent()) {
      path.insert(0, path.isEmpty() ? c.getCommandName() : c.getCommandName() + " ");
    }
    return path.toString();
  }
}
