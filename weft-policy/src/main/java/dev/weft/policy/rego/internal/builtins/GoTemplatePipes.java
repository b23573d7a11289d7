package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GoTemplateLexer.Kind;
import dev.weft.policy.rego.internal.builtins.GoTemplateLexer.Token;
import dev.weft.policy.rego.internal.builtins.GoTemplateParser.Arg;
import java.util.ArrayList;
import java.util.List;

/** Parses the tokens of an action into a pipeline: {@code $x := .a | printf "%s"}. */
final class GoTemplatePipes {

  private final GoTemplateParser parser;
  private final List<Token> tokens;
  private int i;

  GoTemplatePipes(GoTemplateParser parser, List<Token> tokens, int start) {
    this.parser = parser;
    this.tokens = tokens;
    this.i = start;
  }

  GoTemplateParser.Pipe pipe() throws BuiltinException {
    GoTemplateParser.Pipe p = pipe(false);
    if (i < tokens.size()) {
      throw parser.error("unexpected " + quote(tokens.get(i)) + " in operand");
    }
    return p;
  }

  private GoTemplateParser.Pipe pipe(boolean nested) throws BuiltinException {
    List<String> decl = new ArrayList<>();
    boolean assign = false;
    int save = i;
    while (i < tokens.size() && tokens.get(i).kind() == Kind.VAR) {
      decl.add((String) tokens.get(i).value());
      i++;
      if (i < tokens.size() && tokens.get(i).kind() == Kind.COMMA) {
        i++;
        continue;
      }
      if (i < tokens.size()
          && (tokens.get(i).kind() == Kind.DECLARE || tokens.get(i).kind() == Kind.ASSIGN)) {
        assign = tokens.get(i).kind() == Kind.ASSIGN;
        i++;
        break;
      }
      decl.clear();
      i = save;
      break;
    }
    List<List<Arg>> commands = new ArrayList<>();
    while (true) {
      List<Arg> command = new ArrayList<>();
      while (i < tokens.size()
          && tokens.get(i).kind() != Kind.PIPE
          && tokens.get(i).kind() != Kind.RPAREN) {
        command.add(operand());
      }
      if (command.isEmpty()) {
        throw parser.error("missing value for command");
      }
      commands.add(command);
      if (i < tokens.size() && tokens.get(i).kind() == Kind.PIPE) {
        i++;
        continue;
      }
      break;
    }
    if (!nested && i < tokens.size() && tokens.get(i).kind() == Kind.RPAREN) {
      throw parser.error("unexpected right paren");
    }
    return new GoTemplateParser.Pipe(decl, assign, commands);
  }

  private Arg operand() throws BuiltinException {
    Token t = tokens.get(i);
    Arg term = term();
    List<String> fields = new ArrayList<>();
    int end = tokens.get(i - 1).end();
    while (i < tokens.size()
        && tokens.get(i).kind() == Kind.FIELD
        && tokens.get(i).start() == end
        && !(term instanceof GoTemplateParser.Field)) {
      fields.add((String) tokens.get(i).value());
      end = tokens.get(i).end();
      i++;
    }
    if (!fields.isEmpty()) {
      if (term instanceof GoTemplateParser.Literal || term instanceof GoTemplateParser.Ident) {
        throw parser.error("unexpected " + quote(t) + " in operand");
      }
      return new GoTemplateParser.Field(term, fields, t.start());
    }
    return term;
  }

  private Arg term() throws BuiltinException {
    Token t = tokens.get(i++);
    return switch (t.kind()) {
      case FIELD -> {
        List<String> names = new ArrayList<>(List.of((String) t.value()));
        int end = t.end();
        while (i < tokens.size()
            && tokens.get(i).kind() == Kind.FIELD
            && tokens.get(i).start() == end) {
          names.add((String) tokens.get(i).value());
          end = tokens.get(i).end();
          i++;
        }
        yield new GoTemplateParser.Field(new GoTemplateParser.Dot(), names, t.start());
      }
      case DOT -> new GoTemplateParser.Dot();
      case VAR -> new GoTemplateParser.Var((String) t.value());
      case STRING, NUMBER, BOOL -> new GoTemplateParser.Literal(t.value());
      case NIL -> new GoTemplateParser.Literal(null);
      case IDENT -> {
        if (t.keyword() != null) {
          throw parser.error("unexpected <" + t.text() + "> in command");
        }
        if (!GoTemplateExec.FUNCTIONS.contains(t.text())) {
          throw parser.error("function \"" + t.text() + "\" not defined");
        }
        yield new GoTemplateParser.Ident(t.text(), t.start());
      }
      case LPAREN -> {
        GoTemplateParser.Pipe inner = pipe(true);
        if (i >= tokens.size() || tokens.get(i).kind() != Kind.RPAREN) {
          throw parser.error("unclosed left paren");
        }
        i++;
        yield new GoTemplateParser.Nested(inner);
      }
      default -> throw parser.error("unexpected " + quote(t) + " in operand");
    };
  }

  private static String quote(Token t) {
    return "\"" + t.text() + "\"";
  }
}
