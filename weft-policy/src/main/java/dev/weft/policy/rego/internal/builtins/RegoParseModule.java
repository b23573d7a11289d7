package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.parser.ModuleJson;
import dev.weft.policy.rego.internal.parser.RegoParser;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rego.parse_module(filename, source)}: the module's syntax tree as OPA's JSON AST (see
 * {@link ModuleJson}), parsed as OPA's {@code ast.ParseModule} does, in Rego v1. A module that does
 * not parse fails the call with OPA's text of its parse errors, e.g. {@code 1 error occurred:
 * x.rego:1: rego_parse_error: unexpected eof token: expected ident}, followed by the line and a
 * caret.
 */
final class RegoParseModule {

  private RegoParseModule() {}

  static Builtin builtin() {
    return Fn.of2(
        "rego.parse_module",
        (file, source) -> {
          // OPA names both operands "operand 1" in its type errors
          String name = Operands.string(file, 1);
          String text = Operands.string(source, 1);
          try {
            return ModuleJson.of(RegoParser.parseModule(name, text, RegoVersion.V1), text);
          } catch (PolicyException e) {
            throw BuiltinException.failure(opaErrors(e.errors(), text));
          }
        });
  }

  /** OPA's {@code ast.Errors} text: a count, then each error with its source line and a caret. */
  static String opaErrors(List<RegoError> errors, String source) {
    List<String> each = new ArrayList<>();
    for (RegoError e : errors) {
      each.add(opaError(e, source));
    }
    return errors.size() == 1
        ? "1 error occurred: " + each.getFirst()
        : errors.size() + " errors occurred:\n" + String.join("\n", each);
  }

  private static String opaError(RegoError e, String source) {
    Location at = e.location() == null ? Location.NONE : e.location();
    String prefix = !at.file().isEmpty() ? at.file() + ":" + at.line() : at.line() + ":" + at.col();
    String hint = e.hint() == null ? "" : " (hint: " + e.hint() + ")";
    String message = e.code() + ": " + e.message() + hint;
    StringBuilder out = new StringBuilder(prefix).append(": ").append(message);
    if (at.line() > 0) {
      detail(out, source, at);
    }
    return out.toString();
  }

  /** OPA's parser error detail: the error's line (leading tabs dropped) and a caret under it. */
  private static void detail(StringBuilder out, String source, Location at) {
    if (source.isEmpty()) {
      return;
    }
    int offset = 0;
    for (int line = 1; line < at.line() && offset >= 0; line++) {
      offset = source.indexOf('\n', offset) + 1;
      if (offset == 0) {
        return;
      }
    }
    offset = Math.min(offset + at.col() - 1, source.length() - 1);
    while (offset > 0 && Character.isWhitespace(source.charAt(offset))) {
      offset--;
    }
    int begin = offset;
    while (begin > 0 && !newLine(source.charAt(begin))) {
      begin--;
    }
    if (newLine(source.charAt(begin))) {
      begin++;
    }
    int end = offset;
    while (end < source.length() && !newLine(source.charAt(end))) {
      end++;
    }
    begin = Math.min(begin, end);
    String line = source.substring(begin, end);
    String trimmed = line.replaceFirst("^\t+", "");
    int indent = Math.max(0, offset - begin - (line.length() - trimmed.length()));
    out.append("\n\t").append(trimmed).append("\n\t").append(" ".repeat(indent)).append('^');
  }

  private static boolean newLine(char c) {
    return c == '\n' || c == '\r';
  }
}
