package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.ChildValue;
import dev.weft.policy.rego.internal.builtins.GqlAst.Comment;
import dev.weft.policy.rego.internal.builtins.GqlAst.CommentGroup;
import dev.weft.policy.rego.internal.builtins.GqlAst.Directive;
import dev.weft.policy.rego.internal.builtins.GqlAst.Position;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import dev.weft.policy.rego.internal.builtins.GqlAst.ValueNode;
import dev.weft.policy.rego.internal.builtins.GqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The token handling gqlparser's query and schema parsers share: one token of look-ahead, comment
 * groups attached to the node that follows them, and the values, directives, arguments and type
 * references both grammars use. The first error ends the parse, as it does in gqlparser.
 */
final class GqlParser {

  /** A part of the grammar parsed between delimiters. */
  @FunctionalInterface
  interface Body {
    void parse() throws GqlError;
  }

  private final GqlLexer lexer;
  private boolean peeked;
  private Token peekToken;
  private GqlError peekError;
  private Token prev;
  private boolean commentConsuming;
  private int depth;

  /** How deeply lists, objects, types and selection sets may nest. */
  static final int MAX_DEPTH = 500;

  /** The comments before the next token, once it has been looked at; null when none. */
  CommentGroup comment;

  GqlParser(String source, String file) {
    this.lexer = new GqlLexer(source, file);
  }

  Token prev() {
    return prev;
  }

  Position peekPos() {
    return peek().pos();
  }

  Token peek() {
    if (!peeked) {
      peekToken = lexer.next();
      peekError = lexer.error();
      peeked = true;
      if (peekToken.kind() == GqlLexer.COMMENT) {
        consumeCommentGroup();
      }
    }
    return peekToken;
  }

  Token next() throws GqlError {
    if (peeked) {
      peeked = false;
      comment = null;
      prev = peekToken;
      if (peekError != null) {
        throw peekError;
      }
    } else {
      prev = lexer.next();
      if (lexer.error() != null) {
        throw lexer.error();
      }
      if (prev.kind() == GqlLexer.COMMENT) {
        consumeCommentGroup();
      }
    }
    return prev;
  }

  private void consumeCommentGroup() {
    if (commentConsuming) {
      return;
    }
    commentConsuming = true;
    CommentGroup group = new CommentGroup();
    while (true) {
      Token tok = peek();
      if (tok.kind() != GqlLexer.COMMENT) {
        break;
      }
      peeked = false;
      comment = null;
      prev = tok;
      Comment c = new Comment();
      c.value = tok.value();
      c.position = tok.pos();
      group.list.add(c);
    }
    comment = group;
    commentConsuming = false;
  }

  GqlError error(Token tok, String message) {
    return GqlError.at(tok.pos().file(), tok.pos().line(), tok.pos().column(), message);
  }

  /** The keyword's token; the comments before it are in {@link #comment} until it is consumed. */
  Token expectKeyword(String value) throws GqlError {
    Token tok = peek();
    if (tok.kind() == GqlLexer.NAME && tok.value().equals(value)) {
      return next();
    }
    throw error(tok, "Expected " + GoQuote.quote(value) + ", found " + tok);
  }

  Token expect(int kind) throws GqlError {
    Token tok = peek();
    if (tok.kind() == kind) {
      return next();
    }
    throw error(
        tok, "Expected " + GqlLexer.kindText(kind) + ", found " + GqlLexer.kindText(tok.kind()));
  }

  boolean skip(int kind) throws GqlError {
    if (peek().kind() != kind) {
      return false;
    }
    next();
    return true;
  }

  GqlError unexpected() {
    return unexpected(peek());
  }

  GqlError unexpected(Token tok) {
    return error(tok, "Unexpected " + tok);
  }

  /** {@code many}: zero or more between the delimiters, when the opening one is there. */
  void many(int start, int end, Body body) throws GqlError {
    if (!skip(start)) {
      return;
    }
    while (peek().kind() != end) {
      body.parse();
    }
    next();
  }

  /** {@code some}: one or more; returns the comments before the closing delimiter. */
  CommentGroup some(int start, int end, Body body) throws GqlError {
    if (!skip(start)) {
      return null;
    }
    boolean called = false;
    while (peek().kind() != end) {
      called = true;
      body.parse();
    }
    if (!called) {
      throw error(
          peek(), "expected at least one definition, found " + GqlLexer.kindText(peek().kind()));
    }
    CommentGroup before = comment;
    next();
    return before;
  }

  /**
   * Enters a nested list, object, type or selection set. gqlparser has no limit (Go's stacks grow);
   * Weft stops at {@link #MAX_DEPTH} levels, deeper than any real document, so that a hostile one
   * cannot exhaust the stack.
   */
  void enter() throws GqlError {
    if (++depth > MAX_DEPTH) {
      throw error(
          peek(),
          "GraphQL nesting: more than "
              + MAX_DEPTH
              + " levels (expected: at most "
              + MAX_DEPTH
              + ")");
    }
  }

  void exit() {
    depth--;
  }

  String parseName() throws GqlError {
    return expect(GqlLexer.NAME).value();
  }

  String parseVariable() throws GqlError {
    expect(GqlLexer.DOLLAR);
    return parseName();
  }

  List<Argument> parseArguments(boolean isConst) throws GqlError {
    List<Argument> arguments = new ArrayList<>();
    some(GqlLexer.PAREN_L, GqlLexer.PAREN_R, () -> arguments.add(parseArgument(isConst)));
    return arguments;
  }

  private Argument parseArgument(boolean isConst) throws GqlError {
    Argument arg = new Argument();
    arg.position = peekPos();
    arg.comment = comment;
    arg.name = parseName();
    expect(GqlLexer.COLON);
    arg.value = parseValueLiteral(isConst);
    return arg;
  }

  ValueNode parseValueLiteral(boolean isConst) throws GqlError {
    Token token = peek();
    int kind;
    switch (token.kind()) {
      case GqlLexer.BRACKET_L -> {
        enter();
        ValueNode list = parseList(isConst);
        exit();
        return list;
      }
      case GqlLexer.BRACE_L -> {
        enter();
        ValueNode object = parseObject(isConst);
        exit();
        return object;
      }
      case GqlLexer.DOLLAR -> {
        if (isConst) {
          throw unexpected();
        }
        ValueNode v = new ValueNode();
        v.position = token.pos();
        v.comment = comment;
        v.raw = parseVariable();
        v.kind = GqlAst.VARIABLE;
        return v;
      }
      case GqlLexer.INT -> kind = GqlAst.INT_VALUE;
      case GqlLexer.FLOAT -> kind = GqlAst.FLOAT_VALUE;
      case GqlLexer.STRING -> kind = GqlAst.STRING_VALUE;
      case GqlLexer.BLOCK_STRING -> kind = GqlAst.BLOCK_VALUE;
      case GqlLexer.NAME ->
          kind =
              switch (token.value()) {
                case "true", "false" -> GqlAst.BOOLEAN_VALUE;
                case "null" -> GqlAst.NULL_VALUE;
                default -> GqlAst.ENUM_VALUE;
              };
      default -> throw unexpected();
    }
    next();
    ValueNode v = new ValueNode();
    v.position = token.pos();
    v.comment = comment;
    v.raw = token.value();
    v.kind = kind;
    return v;
  }

  private ValueNode parseList(boolean isConst) throws GqlError {
    ValueNode list = new ValueNode();
    list.position = peekPos();
    list.comment = comment;
    list.kind = GqlAst.LIST_VALUE;
    many(
        GqlLexer.BRACKET_L,
        GqlLexer.BRACKET_R,
        () -> {
          ChildValue child = new ChildValue();
          child.value = parseValueLiteral(isConst);
          list.children.add(child);
        });
    return list;
  }

  private ValueNode parseObject(boolean isConst) throws GqlError {
    ValueNode object = new ValueNode();
    object.position = peekPos();
    object.comment = comment;
    object.kind = GqlAst.OBJECT_VALUE;
    many(
        GqlLexer.BRACE_L,
        GqlLexer.BRACE_R,
        () -> {
          ChildValue field = new ChildValue();
          field.position = peekPos();
          field.comment = comment;
          field.name = parseName();
          expect(GqlLexer.COLON);
          field.value = parseValueLiteral(isConst);
          object.children.add(field);
        });
    return object;
  }

  List<Directive> parseDirectives(boolean isConst) throws GqlError {
    List<Directive> directives = new ArrayList<>();
    while (peek().kind() == GqlLexer.AT) {
      expect(GqlLexer.AT);
      Directive d = new Directive();
      d.position = peekPos();
      d.name = parseName();
      d.arguments.addAll(parseArguments(isConst));
      directives.add(d);
    }
    return directives;
  }

  TypeRef parseTypeReference() throws GqlError {
    TypeRef type = new TypeRef();
    if (skip(GqlLexer.BRACKET_L)) {
      type.position = peekPos();
      enter();
      type.elem = parseTypeReference();
      exit();
      expect(GqlLexer.BRACKET_R);
    } else {
      type.position = peekPos();
      type.namedType = parseName();
    }
    if (skip(GqlLexer.BANG)) {
      type.nonNull = true;
    }
    return type;
  }

  /** {@code query}, {@code mutation} or {@code subscription}, consuming the token. */
  String parseOperationType() throws GqlError {
    Token tok = next();
    return switch (tok.value()) {
      case GqlAst.QUERY, GqlAst.MUTATION, GqlAst.SUBSCRIPTION -> tok.value();
      default -> throw unexpected(tok);
    };
  }
}
