package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GoTemplateParser.Arg;
import dev.weft.policy.rego.internal.builtins.GoTemplateParser.Node;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Executes a parsed {@code text/template} over OPA's template data: JSON values, numbers kept as
 * Go's {@code json.Number} (a string kind: {@code {{if .zero}}} is true for {@code 0}), a missing
 * map key rendered {@code <undefined>} as OPA renders it. Template literals are Go's int and
 * float64 values. Function arguments and results are Rego values, Java {@code Long} and {@code
 * Double}, or null.
 */
final class GoTemplateExec {

  static final Set<String> FUNCTIONS =
      Set.of(
          "and",
          "or",
          "not",
          "len",
          "index",
          "slice",
          "print",
          "printf",
          "println",
          "eq",
          "ne",
          "lt",
          "le",
          "gt",
          "ge",
          "html",
          "js",
          "urlquery",
          "call");

  private static final int MAX_DEPTH = 1000;

  /** Thrown by {@code {{break}}} and {@code {{continue}}} to the enclosing range. */
  private static final class Loop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean isBreak;

    Loop(boolean isBreak) {
      super(null, null, false, false);
      this.isBreak = isBreak;
    }
  }

  private final GoTemplateParser.Parsed parsed;
  private final String src;
  private final StringBuilder out = new StringBuilder();
  private final List<Object[]> vars = new ArrayList<>();
  private int depth;

  private GoTemplateExec(GoTemplateParser.Parsed parsed, String src) {
    this.parsed = parsed;
    this.src = src;
  }

  static String render(String template, ObjectValue data) throws BuiltinException {
    GoTemplateParser.Parsed parsed = GoTemplateParser.parse(template, "template");
    GoTemplateExec exec = new GoTemplateExec(parsed, template);
    exec.vars.add(new Object[] {"$", data});
    exec.nodes(parsed.root(), data);
    return exec.out.toString();
  }

  BuiltinException fail(int pos, String at, String message) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < pos && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return BuiltinException.failure(
        "template: template:"
            + line
            + ":"
            + (pos - lineStart)
            + ": executing \"template\" at <"
            + at
            + ">: "
            + message);
  }

  private void nodes(List<Node> nodes, Object dot) throws BuiltinException {
    for (Node n : nodes) {
      node(n, dot);
    }
  }

  private void node(Node n, Object dot) throws BuiltinException {
    switch (n) {
      case GoTemplateParser.Text t -> out.append(t.text());
      case GoTemplateParser.Action a -> {
        Object v = pipe(a.pipe(), dot);
        if (a.pipe().decl().isEmpty()) {
          out.append(GoTemplateValues.print(v));
        }
      }
      case GoTemplateParser.If i -> {
        int mark = vars.size();
        Object v = pipe(i.cond(), dot);
        if (GoTemplateValues.truth(v)) {
          nodes(i.then(), i.with() ? v : dot);
        } else {
          nodes(i.otherwise(), dot);
        }
        truncate(mark);
      }
      case GoTemplateParser.Range r -> range(r, dot);
      case GoTemplateParser.Break b -> throw new Loop(true);
      case GoTemplateParser.Continue c -> throw new Loop(false);
      case GoTemplateParser.Template t -> {
        List<Node> body = parsed.defines().get(t.name());
        if (body == null) {
          throw fail(
              t.pos(),
              "{{template " + GoQuote.quote(t.name()) + "}}",
              "template " + GoQuote.quote(t.name()) + " not defined");
        }
        if (++depth > MAX_DEPTH) {
          throw fail(
              t.pos(),
              "{{template " + GoQuote.quote(t.name()) + "}}",
              "exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        Object newDot = t.pipe() == null ? null : pipe(t.pipe(), dot);
        List<Object[]> saved = new ArrayList<>(vars);
        vars.clear();
        vars.add(new Object[] {"$", newDot});
        nodes(body, newDot);
        vars.clear();
        vars.addAll(saved);
        depth--;
      }
    }
  }

  private void range(GoTemplateParser.Range r, Object dot) throws BuiltinException {
    int mark = vars.size();
    List<String> decl = r.pipe().decl();
    GoTemplateParser.Pipe p = new GoTemplateParser.Pipe(List.of(), false, r.pipe().commands());
    Object v = pipe(p, dot);
    List<Object[]> items = new ArrayList<>();
    switch (v) {
      case ArrayValue a -> {
        for (int i = 0; i < a.size(); i++) {
          items.add(new Object[] {(long) i, a.get(i)});
        }
      }
      case ObjectValue o -> {
        for (Value k : GoTemplateValues.sortedKeys(o)) {
          items.add(new Object[] {k, o.get(k)});
        }
      }
      case Long n -> {
        for (long i = 0; i < n; i++) {
          items.add(new Object[] {i, i});
        }
      }
      case null -> {}
      default ->
          throw BuiltinException.failure(
              "template: template: range can't iterate over " + GoTemplateValues.print(v));
    }
    if (items.isEmpty()) {
      nodes(r.otherwise(), dot);
      return;
    }
    for (Object[] item : items) {
      if (decl.size() == 1) {
        vars.add(new Object[] {decl.getFirst(), item[1]});
      } else if (decl.size() == 2) {
        vars.add(new Object[] {decl.get(0), item[0]});
        vars.add(new Object[] {decl.get(1), item[1]});
      }
      try {
        nodes(r.body(), item[1]);
      } catch (Loop l) {
        if (l.isBreak) {
          truncate(mark);
          break;
        }
      }
      truncate(mark);
    }
  }

  private void truncate(int size) {
    while (vars.size() > size) {
      vars.removeLast();
    }
  }

  Object pipe(GoTemplateParser.Pipe p, Object dot) throws BuiltinException {
    Object value = null;
    boolean first = true;
    for (List<Arg> command : p.commands()) {
      value = command(command, dot, first ? GoTemplateValues.NONE : value);
      first = false;
    }
    if (!p.decl().isEmpty()) {
      String name = p.decl().getLast();
      if (p.assign()) {
        boolean found = false;
        for (int i = vars.size() - 1; i >= 0; i--) {
          if (vars.get(i)[0].equals(name)) {
            vars.get(i)[1] = value;
            found = true;
            break;
          }
        }
        if (!found) {
          throw BuiltinException.failure("template: template: undefined variable: " + name);
        }
      } else {
        vars.add(new Object[] {name, value});
      }
    }
    return value;
  }

  private Object command(List<Arg> args, Object dot, Object piped) throws BuiltinException {
    Arg head = args.getFirst();
    if (head instanceof GoTemplateParser.Ident id) {
      return GoTemplateFunctions.call(this, id, args.subList(1, args.size()), dot, piped);
    }
    if (args.size() > 1 || piped != GoTemplateValues.NONE) {
      throw BuiltinException.failure(
          "template: template: can't give argument to non-function " + head);
    }
    return arg(head, dot);
  }

  Object arg(Arg a, Object dot) throws BuiltinException {
    return switch (a) {
      case GoTemplateParser.Dot d -> dot;
      case GoTemplateParser.Literal l ->
          l.value() instanceof String s
              ? StringValue.of(s)
              : l.value() instanceof Boolean b ? BooleanValue.of(b) : l.value();
      case GoTemplateParser.Var v -> variable(v.name());
      case GoTemplateParser.Nested n -> pipe(n.pipe(), dot);
      case GoTemplateParser.Field f -> {
        Object receiver = arg(f.receiver(), dot);
        StringBuilder at =
            new StringBuilder(
                f.receiver() instanceof GoTemplateParser.Dot
                    ? ""
                    : f.receiver() instanceof GoTemplateParser.Var var ? var.name() : "(...)");
        for (String name : f.names()) {
          at.append('.').append(name);
          receiver = field(receiver, name, f.pos(), at.toString());
        }
        yield receiver;
      }
      case GoTemplateParser.Ident i ->
          GoTemplateFunctions.call(this, i, List.of(), dot, GoTemplateValues.NONE);
    };
  }

  private Object variable(String name) throws BuiltinException {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i)[0].equals(name)) {
        return vars.get(i)[1];
      }
    }
    throw BuiltinException.failure("template: template: undefined variable: " + name);
  }

  private Object field(Object receiver, String name, int pos, String at) throws BuiltinException {
    if (receiver == GoTemplateValues.UNDEFINED) {
      return receiver;
    }
    return switch (receiver) {
      case ObjectValue o -> {
        Value v = o.get(name);
        yield v == null ? GoTemplateValues.UNDEFINED : v instanceof NullValue ? null : v;
      }
      case null -> throw fail(pos, at, "nil pointer evaluating interface {}." + name);
      default ->
          throw fail(
              pos,
              at,
              "can't evaluate field " + name + " in type " + GoTemplateValues.goType(receiver));
    };
  }
}
