package dev.weft.policy.rego.internal.builtins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parser of Go's {@code text/template}: text and {@code {{ }}} actions (with {@code {{-}} and
 * {@code -}}} trimming and comments), pipelines of commands, variables, and the control actions
 * {@code if else with range break continue define template block end}. Errors read as Go's: {@code
 * template: template:1: unexpected "}" in operand}.
 */
final class GoTemplateParser {

  /** A node of the template tree. */
  sealed interface Node {}

  record Text(String text) implements Node {}

  record Action(Pipe pipe, int line, String source) implements Node {}

  record If(Pipe cond, List<Node> then, List<Node> otherwise, boolean with) implements Node {}

  record Range(Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {}

  record Template(String name, Pipe pipe, int pos) implements Node {}

  record Break() implements Node {}

  record Continue() implements Node {}

  /** A pipeline: optional declared variables, then commands joined by {@code |}. */
  record Pipe(List<String> decl, boolean assign, List<List<Arg>> commands) {}

  /** An operand of a command. */
  sealed interface Arg {}

  record Field(Arg receiver, List<String> names, int pos) implements Arg {}

  record Dot() implements Arg {}

  record Var(String name) implements Arg {}

  record Literal(Object value) implements Arg {}

  record Ident(String name, int pos) implements Arg {}

  record Nested(Pipe pipe) implements Arg {}

  private final String src;
  private final String name;
  private final Map<String, List<Node>> defines = new HashMap<>();
  private int pos;
  private int line = 1;

  private GoTemplateParser(String src, String name) {
    this.src = src;
    this.name = name;
  }

  /** The parsed template and the templates it defines. */
  record Parsed(List<Node> root, Map<String, List<Node>> defines) {}

  static Parsed parse(String src, String name) throws BuiltinException {
    GoTemplateParser p = new GoTemplateParser(src, name);
    List<Node> root = new ArrayList<>();
    End end = p.list(root, true);
    if (end != null) {
      throw p.error("unexpected {{" + end.keyword() + "}}");
    }
    return new Parsed(root, p.defines);
  }

  /** The source, for error positions. */
  String source() {
    return src;
  }

  BuiltinException error(String message) {
    return BuiltinException.failure("template: " + name + ":" + line + ": " + message);
  }

  /** What ended a list: {@code end}, or {@code else} with the tokens after it. */
  private record End(String keyword, List<GoTemplateLexer.Token> rest) {}

  /** Reads nodes until {@code {{end}}} or {@code {{else ...}}}; null at the end of the text. */
  private End list(List<Node> out, boolean top) throws BuiltinException {
    while (pos < src.length()) {
      int open = src.indexOf("{{", pos);
      String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
      boolean trimLeft =
          open >= 0
              && open + 3 < src.length()
              && src.charAt(open + 2) == '-'
              && " \t\r\n".indexOf(src.charAt(open + 3)) >= 0;
      if (trimLeft) {
        text = text.stripTrailing();
      }
      if (!text.isEmpty()) {
        out.add(new Text(text));
      }
      countLines(pos, open < 0 ? src.length() : open);
      if (open < 0) {
        pos = src.length();
        break;
      }
      pos = open + 2 + (trimLeft ? 1 : 0);
      GoTemplateLexer lx = new GoTemplateLexer(src, pos, this);
      List<GoTemplateLexer.Token> tokens = lx.action();
      int actionLine = line;
      countLines(pos, lx.end());
      pos = lx.end();
      if (lx.trimRight()) {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
          if (src.charAt(pos) == '\n') {
            line++;
          }
          pos++;
        }
      }
      if (tokens.isEmpty()) {
        continue;
      }
      String keyword = tokens.getFirst().keyword();
      if (keyword == null) {
        out.add(
            new Action(
                new GoTemplatePipes(this, tokens, 0).pipe(),
                actionLine,
                src.substring(open, lx.end())));
        continue;
      }
      switch (keyword) {
        case "end", "else" -> {
          return new End(keyword, tokens.subList(1, tokens.size()));
        }
        case "if", "with" -> out.add(conditional(keyword, tokens.subList(1, tokens.size())));
        case "range" -> out.add(range(tokens));
        case "break" -> out.add(new Break());
        case "continue" -> out.add(new Continue());
        case "template", "block" -> out.add(template(keyword, tokens));
        case "define" -> define(tokens);
        default -> throw error("unexpected " + keyword);
      }
    }
    if (!top) {
      throw error("unexpected EOF");
    }
    return null;
  }

  private Node conditional(String keyword, List<GoTemplateLexer.Token> condition)
      throws BuiltinException {
    Pipe cond = new GoTemplatePipes(this, condition, 0).pipe();
    List<Node> then = new ArrayList<>();
    End end = list(then, false);
    List<Node> otherwise = new ArrayList<>();
    if (end.keyword().equals("else") && !end.rest().isEmpty()) {
      String chained = end.rest().getFirst().keyword();
      if (!"if".equals(chained) && !"with".equals(chained)) {
        throw error("unexpected " + end.rest().getFirst().text() + " in else");
      }
      otherwise.add(conditional(chained, end.rest().subList(1, end.rest().size())));
    } else if (end.keyword().equals("else")) {
      expectEnd(list(otherwise, false));
    }
    return new If(cond, then, otherwise, keyword.equals("with"));
  }

  private void expectEnd(End end) throws BuiltinException {
    if (!end.keyword().equals("end") || !end.rest().isEmpty()) {
      throw error("expected end; found " + end.keyword());
    }
  }

  private Node range(List<GoTemplateLexer.Token> tokens) throws BuiltinException {
    Pipe pipe = new GoTemplatePipes(this, tokens, 1).pipe();
    List<Node> body = new ArrayList<>();
    End end = list(body, false);
    List<Node> otherwise = new ArrayList<>();
    if (end.keyword().equals("else") && end.rest().isEmpty()) {
      end = list(otherwise, false);
    }
    expectEnd(end);
    return new Range(pipe, body, otherwise);
  }

  private Node template(String keyword, List<GoTemplateLexer.Token> tokens)
      throws BuiltinException {
    if (tokens.size() < 2 || tokens.get(1).string() == null) {
      throw error(
          "unexpected "
              + (tokens.size() < 2 ? "end" : tokens.get(1).text())
              + " in template clause");
    }
    String templateName = tokens.get(1).string();
    Pipe pipe = tokens.size() > 2 ? new GoTemplatePipes(this, tokens, 2).pipe() : null;
    if (keyword.equals("block")) {
      List<Node> body = new ArrayList<>();
      expectEnd(list(body, false));
      defines.putIfAbsent(templateName, body);
    }
    return new Template(templateName, pipe, tokens.getFirst().start());
  }

  private void define(List<GoTemplateLexer.Token> tokens) throws BuiltinException {
    if (tokens.size() != 2 || tokens.get(1).string() == null) {
      throw error("unexpected end in define clause");
    }
    List<Node> body = new ArrayList<>();
    expectEnd(list(body, false));
    defines.put(tokens.get(1).string(), body);
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
      }
    }
  }
}
