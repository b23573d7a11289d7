package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.CommentGroup;
import dev.weft.policy.rego.internal.builtins.GqlAst.Field;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentSpread;
import dev.weft.policy.rego.internal.builtins.GqlAst.InlineFragment;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.QueryDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlAst.VariableDefinition;
import dev.weft.policy.rego.internal.builtins.GqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/** gqlparser's parser of executable documents (operations and fragments). */
final class GqlQueryParser {

  private final GqlParser p;

  private GqlQueryParser(String source) {
    this.p = new GqlParser(source, "");
  }

  /** {@code parser.ParseQuery}. */
  static QueryDocument parse(String source) throws GqlError {
    return new GqlQueryParser(source).document();
  }

  private QueryDocument document() throws GqlError {
    QueryDocument doc = new QueryDocument();
    while (p.peek().kind() != GqlLexer.EOF) {
      doc.position = p.peekPos();
      Token tok = p.peek();
      if (tok.kind() == GqlLexer.NAME) {
        switch (tok.value()) {
          case GqlAst.QUERY, GqlAst.MUTATION, GqlAst.SUBSCRIPTION ->
              doc.operations.add(operation());
          case "fragment" -> doc.fragments.add(fragmentDefinition());
          default -> throw p.unexpected();
        }
      } else if (tok.kind() == GqlLexer.BRACE_L) {
        doc.operations.add(operation());
      } else {
        throw p.unexpected();
      }
    }
    return doc;
  }

  private OperationDefinition operation() throws GqlError {
    OperationDefinition od = new OperationDefinition();
    if (p.peek().kind() == GqlLexer.BRACE_L) {
      od.position = p.peekPos();
      od.comment = p.comment;
      od.operation = GqlAst.QUERY;
      od.selectionSet.addAll(requiredSelectionSet());
      return od;
    }
    od.position = p.peekPos();
    od.comment = p.comment;
    od.operation = p.parseOperationType();
    if (p.peek().kind() == GqlLexer.NAME) {
      od.name = p.next().value();
    }
    od.variableDefinitions.addAll(variableDefinitions());
    od.directives.addAll(p.parseDirectives(false));
    od.selectionSet.addAll(requiredSelectionSet());
    return od;
  }

  private List<VariableDefinition> variableDefinitions() throws GqlError {
    List<VariableDefinition> defs = new ArrayList<>();
    p.some(GqlLexer.PAREN_L, GqlLexer.PAREN_R, () -> defs.add(variableDefinition()));
    return defs;
  }

  private VariableDefinition variableDefinition() throws GqlError {
    VariableDefinition def = new VariableDefinition();
    def.position = p.peekPos();
    def.comment = p.comment;
    def.variable = p.parseVariable();
    p.expect(GqlLexer.COLON);
    def.type = p.parseTypeReference();
    if (p.skip(GqlLexer.EQUALS)) {
      def.defaultValue = p.parseValueLiteral(true);
    }
    def.directives.addAll(p.parseDirectives(false));
    return def;
  }

  private List<Selection> optionalSelectionSet() throws GqlError {
    List<Selection> selections = new ArrayList<>();
    p.enter();
    p.some(GqlLexer.BRACE_L, GqlLexer.BRACE_R, () -> selections.add(selection()));
    p.exit();
    return selections;
  }

  private List<Selection> requiredSelectionSet() throws GqlError {
    if (p.peek().kind() != GqlLexer.BRACE_L) {
      throw p.error(p.peek(), "Expected {, found " + GqlLexer.kindText(p.peek().kind()));
    }
    return optionalSelectionSet();
  }

  private Selection selection() throws GqlError {
    return p.peek().kind() == GqlLexer.SPREAD ? fragment() : field();
  }

  private Field field() throws GqlError {
    Field field = new Field();
    field.position = p.peekPos();
    field.comment = p.comment;
    field.alias = p.parseName();
    field.name = p.skip(GqlLexer.COLON) ? p.parseName() : field.alias;
    field.arguments.addAll(p.parseArguments(false));
    field.directives.addAll(p.parseDirectives(false));
    if (p.peek().kind() == GqlLexer.BRACE_L) {
      field.selectionSet.addAll(optionalSelectionSet());
    }
    return field;
  }

  private Selection fragment() throws GqlError {
    p.peek();
    CommentGroup comment = p.comment;
    p.expect(GqlLexer.SPREAD);
    Token peek = p.peek();
    if (peek.kind() == GqlLexer.NAME && !peek.value().equals("on")) {
      FragmentSpread spread = new FragmentSpread();
      spread.position = p.peekPos();
      spread.comment = comment;
      spread.name = fragmentName();
      spread.directives.addAll(p.parseDirectives(false));
      return spread;
    }
    InlineFragment def = new InlineFragment();
    def.position = p.peekPos();
    def.comment = comment;
    if (p.peek().value().equals("on")) {
      p.next();
      def.typeCondition = p.parseName();
    }
    def.directives.addAll(p.parseDirectives(false));
    def.selectionSet.addAll(requiredSelectionSet());
    return def;
  }

  private FragmentDefinition fragmentDefinition() throws GqlError {
    FragmentDefinition def = new FragmentDefinition();
    def.position = p.peekPos();
    def.comment = p.comment;
    p.expectKeyword("fragment");
    def.name = fragmentName();
    def.variableDefinition.addAll(variableDefinitions());
    p.expectKeyword("on");
    def.typeCondition = p.parseName();
    def.directives.addAll(p.parseDirectives(false));
    def.selectionSet.addAll(requiredSelectionSet());
    return def;
  }

  private String fragmentName() throws GqlError {
    if (p.peek().value().equals("on")) {
      throw p.unexpected();
    }
    return p.parseName();
  }
}
