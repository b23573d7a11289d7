package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GoTemplateParser.Arg;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** text/template's predefined functions: {@code and or not len index slice print printf ...}. */
final class GoTemplateFunctions {

  private GoTemplateFunctions() {}

  static Object call(
      GoTemplateExec exec, GoTemplateParser.Ident fn, List<Arg> args, Object dot, Object piped)
      throws BuiltinException {
    String name = fn.name();
    if (name.equals("and") || name.equals("or")) {
      return logical(exec, name.equals("and"), args, dot, piped);
    }
    List<Object> values = new ArrayList<>();
    for (Arg a : args) {
      values.add(exec.arg(a, dot));
    }
    if (piped != GoTemplateValues.NONE) {
      values.add(piped);
    }
    String at = name;
    return switch (name) {
      case "not" -> {
        need(exec, fn, values, 1);
        yield BooleanValue.of(!GoTemplateValues.truth(values.getFirst()));
      }
      case "len" -> {
        need(exec, fn, values, 1);
        yield length(exec, fn, values.getFirst());
      }
      case "index" -> index(exec, fn, values);
      case "print" -> StringValue.of(sprint(values, false));
      case "println" -> StringValue.of(sprint(values, true));
      case "printf" -> {
        if (values.isEmpty() || !(values.getFirst() instanceof StringValue format)) {
          throw exec.fail(fn.pos(), at, "wrong type for value; expected string");
        }
        List<Object> goArgs = new ArrayList<>();
        for (Object v : values.subList(1, values.size())) {
          goArgs.add(v instanceof Value rv ? GoFmt.argument(rv) : v);
        }
        yield StringValue.of(GoFmt.sprintf(format.value(), goArgs));
      }
      case "eq", "ne", "lt", "le", "gt", "ge" -> compare(exec, fn, values);
      case "html" -> StringValue.of(html(sprint(values, false)));
      case "js" -> StringValue.of(js(sprint(values, false)));
      case "urlquery" ->
          StringValue.of(
              TextCodecs.queryEscape(sprint(values, false).getBytes(StandardCharsets.UTF_8)));
      case "slice" -> slice(exec, fn, values);
      default -> throw exec.fail(fn.pos(), at, "call of nil");
    };
  }

  private static void need(
      GoTemplateExec exec, GoTemplateParser.Ident fn, List<Object> values, int n)
      throws BuiltinException {
    if (values.size() != n) {
      throw exec.fail(
          fn.pos(),
          fn.name(),
          "wrong number of args for " + fn.name() + ": want " + n + " got " + values.size());
    }
  }

  private static Object logical(
      GoTemplateExec exec, boolean and, List<Arg> args, Object dot, Object piped)
      throws BuiltinException {
    Object last = null;
    int n = args.size() + (piped == GoTemplateValues.NONE ? 0 : 1);
    for (int i = 0; i < n; i++) {
      last = i < args.size() ? exec.arg(args.get(i), dot) : piped;
      if (GoTemplateValues.truth(last) != and) {
        return last;
      }
    }
    return last;
  }

  private static Object length(GoTemplateExec exec, GoTemplateParser.Ident fn, Object v)
      throws BuiltinException {
    return switch (v) {
      case StringValue s -> (long) s.value().getBytes(StandardCharsets.UTF_8).length;
      case NumberValue n -> (long) n.toString().length();
      case ArrayValue a -> (long) a.size();
      case ObjectValue o -> (long) o.size();
      default ->
          throw exec.fail(
              fn.pos(), "len", "error calling len: len of type " + GoTemplateValues.goType(v));
    };
  }

  private static Object index(GoTemplateExec exec, GoTemplateParser.Ident fn, List<Object> values)
      throws BuiltinException {
    if (values.isEmpty()) {
      throw exec.fail(fn.pos(), "index", "wrong number of args for index: want at least 1 got 0");
    }
    Object item = values.getFirst();
    for (Object key : values.subList(1, values.size())) {
      item =
          switch (item) {
            case ObjectValue o -> {
              if (!(key instanceof StringValue k)) {
                throw exec.fail(
                    fn.pos(),
                    "index",
                    "error calling index: value has type "
                        + GoTemplateValues.goType(key)
                        + "; should be string");
              }
              Value v = o.get(k);
              yield v == null || GoTemplateValues.isNil(v) ? null : v;
            }
            case ArrayValue a -> {
              if (!(key instanceof Long i)) {
                throw exec.fail(
                    fn.pos(),
                    "index",
                    "error calling index: cannot index slice/array"
                        + " with type "
                        + GoTemplateValues.goType(key));
              }
              if (i < 0 || i >= a.size()) {
                throw exec.fail(fn.pos(), "index", "error calling index: index out of range: " + i);
              }
              yield a.get((int) (long) i);
            }
            case null ->
                throw exec.fail(fn.pos(), "index", "error calling index: index of untyped nil");
            default ->
                throw exec.fail(
                    fn.pos(),
                    "index",
                    "error calling index: can't index item of"
                        + " type "
                        + GoTemplateValues.goType(item));
          };
    }
    return item;
  }

  private static Object slice(GoTemplateExec exec, GoTemplateParser.Ident fn, List<Object> values)
      throws BuiltinException {
    if (values.isEmpty() || values.size() > 4) {
      throw exec.fail(fn.pos(), "slice", "wrong number of args for slice");
    }
    Object item = values.getFirst();
    long[] idx = new long[values.size() - 1];
    for (int i = 1; i < values.size(); i++) {
      if (!(values.get(i) instanceof Long l)) {
        throw exec.fail(
            fn.pos(),
            "slice",
            "error calling slice: cannot index slice/array with "
                + "type "
                + GoTemplateValues.goType(values.get(i)));
      }
      idx[i - 1] = l;
    }
    int size =
        item instanceof StringValue s
            ? s.value().length()
            : item instanceof ArrayValue a ? a.size() : -1;
    if (size < 0) {
      throw exec.fail(
          fn.pos(),
          "slice",
          "error calling slice: can't slice item of type " + GoTemplateValues.goType(item));
    }
    long from = idx.length > 0 ? idx[0] : 0;
    long to = idx.length > 1 ? idx[1] : size;
    if (from < 0 || to < from || to > size) {
      throw exec.fail(fn.pos(), "slice", "error calling slice: index out of range: " + to);
    }
    return item instanceof StringValue s
        ? StringValue.of(s.value().substring((int) from, (int) to))
        : ArrayValue.of(((ArrayValue) item).elements().subList((int) from, (int) to));
  }

  /** Go's {@code fmt.Sprint} (spaces only between non-strings) or {@code Sprintln}. */
  private static String sprint(List<Object> values, boolean ln) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      boolean isString = v instanceof StringValue;
      if (i > 0 && (ln || !isString && !(values.get(i - 1) instanceof StringValue))) {
        b.append(' ');
      }
      b.append(GoTemplateValues.format(v));
    }
    return ln ? b.append('\n').toString() : b.toString();
  }

  private static Object compare(GoTemplateExec exec, GoTemplateParser.Ident fn, List<Object> values)
      throws BuiltinException {
    String op = fn.name();
    if (values.size() < 2 || !op.equals("eq") && values.size() != 2) {
      throw exec.fail(fn.pos(), op, "wrong number of args for " + op);
    }
    Object a = values.getFirst();
    if (op.equals("eq")) {
      for (Object b : values.subList(1, values.size())) {
        if (order(exec, fn, a, b, true) == 0) {
          return BooleanValue.TRUE;
        }
      }
      return BooleanValue.FALSE;
    }
    int c = order(exec, fn, a, values.get(1), op.equals("ne"));
    return BooleanValue.of(
        switch (op) {
          case "ne" -> c != 0;
          case "lt" -> c < 0;
          case "le" -> c <= 0;
          case "gt" -> c > 0;
          default -> c >= 0;
        });
  }

  /** Go's basic-kind comparison; bools and nils compare only for equality. */
  private static int order(
      GoTemplateExec exec, GoTemplateParser.Ident fn, Object a, Object b, boolean equality)
      throws BuiltinException {
    String ka = GoTemplateValues.kind(a);
    String kb = GoTemplateValues.kind(b);
    boolean numeric =
        (ka.equals("int") || ka.equals("float")) && (kb.equals("int") || kb.equals("float"));
    if (!ka.equals(kb) && !numeric) {
      if (equality && (GoTemplateValues.isNil(a) || GoTemplateValues.isNil(b))) {
        return GoTemplateValues.isNil(a) && GoTemplateValues.isNil(b) ? 0 : 1;
      }
      throw exec.fail(
          fn.pos(),
          fn.name(),
          "error calling " + fn.name() + ": incompatible types for comparison");
    }
    return switch (ka) {
      case "string" ->
          Integer.signum(
              dev.weft.policy.rego.internal.text.GoText.compareCodePoints(
                  GoTemplateValues.text(a), GoTemplateValues.text(b)));
      case "int", "float" -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
      case "bool" -> {
        if (!equality) {
          throw exec.fail(
              fn.pos(), fn.name(), "error calling " + fn.name() + ": invalid type for comparison");
        }
        yield a.equals(b) ? 0 : 1;
      }
      default ->
          throw exec.fail(
              fn.pos(), fn.name(), "error calling " + fn.name() + ": invalid type for comparison");
    };
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("'", "&#39;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;")
        .replace("\0", "\uFFFD");
  }

  private static String js(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '"' -> b.append("\\\"");
        case '<' -> b.append("\\u003C");
        case '>' -> b.append("\\u003E");
        case '&' -> b.append("\\u0026");
        case '=' -> b.append("\\u003D");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < ' ') {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
