package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.ArgumentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.CommentGroup;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.DirectiveDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.EnumValueDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationTypeDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDocument;
import dev.weft.policy.rego.internal.builtins.GqlLexer.Token;
import java.util.List;
import java.util.Set;

/** gqlparser's parser of type-system documents (schemas). */
final class GqlSchemaParser {

  private static final Set<String> LOCATIONS =
      Set.of(
          "QUERY",
          "MUTATION",
          "SUBSCRIPTION",
          "FIELD",
          "FRAGMENT_DEFINITION",
          "FRAGMENT_SPREAD",
          "INLINE_FRAGMENT",
          "VARIABLE_DEFINITION",
          "SCHEMA",
          "SCALAR",
          "OBJECT",
          "FIELD_DEFINITION",
          "ARGUMENT_DEFINITION",
          "INTERFACE",
          "UNION",
          "ENUM",
          "ENUM_VALUE",
          "INPUT_OBJECT",
          "INPUT_FIELD_DEFINITION");

  /** A description and the comments before it. */
  private record Description(String text, CommentGroup comment) {
    static final Description NONE = new Description("", null);
  }

  private final GqlParser p;

  private GqlSchemaParser(String source, String file) {
    this.p = new GqlParser(source, file);
  }

  /** {@code parser.ParseSchema}; {@code builtIn} marks the definitions as the prelude's. */
  static SchemaDocument parse(String source, String file, boolean builtIn) throws GqlError {
    SchemaDocument doc = new GqlSchemaParser(source, file).document();
    for (Definition d : doc.definitions) {
      d.builtIn = builtIn;
    }
    for (Definition d : doc.extensions) {
      d.builtIn = builtIn;
    }
    return doc;
  }

  private SchemaDocument document() throws GqlError {
    SchemaDocument doc = new SchemaDocument();
    doc.position = p.peekPos();
    while (p.peek().kind() != GqlLexer.EOF) {
      Description description = Description.NONE;
      if (p.peek().kind() == GqlLexer.BLOCK_STRING || p.peek().kind() == GqlLexer.STRING) {
        description = description();
      }
      if (p.peek().kind() != GqlLexer.NAME) {
        throw p.unexpected();
      }
      switch (p.peek().value()) {
        case "scalar", "type", "interface", "union", "enum", "input" ->
            doc.definitions.add(typeDefinition(description));
        case "schema" -> doc.schema.add(schemaDefinition(description));
        case "directive" -> doc.directives.add(directiveDefinition(description));
        case "extend" -> {
          if (!description.text().isEmpty()) {
            throw p.unexpected(p.prev());
          }
          extension(doc);
        }
        default -> throw p.unexpected();
      }
    }
    doc.comment = p.comment;
    return doc;
  }

  private Description description() throws GqlError {
    Token token = p.peek();
    if (token.kind() != GqlLexer.BLOCK_STRING && token.kind() != GqlLexer.STRING) {
      return Description.NONE;
    }
    CommentGroup comment = p.comment;
    return new Description(p.next().value(), comment);
  }

  /** The keyword, returning the comments before it. */
  private CommentGroup keyword(String word) throws GqlError {
    p.peek();
    CommentGroup comment = p.comment;
    p.expectKeyword(word);
    return comment;
  }

  private Definition typeDefinition(Description description) throws GqlError {
    String kind = p.peek().value();
    CommentGroup comment = keyword(kind);
    Definition def = new Definition();
    def.position = p.peekPos();
    def.beforeDescriptionComment = description.comment();
    def.description = description.text();
    def.afterDescriptionComment = comment;
    switch (kind) {
      case "scalar" -> {
        def.kind = GqlAst.SCALAR;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
      }
      case "type", "interface" -> {
        def.kind = kind.equals("type") ? GqlAst.OBJECT : GqlAst.INTERFACE;
        def.name = p.parseName();
        def.interfaces.addAll(implementsInterfaces());
        def.directives.addAll(p.parseDirectives(true));
        def.endOfDefinitionComment = fields(def, false);
      }
      case "union" -> {
        def.kind = GqlAst.UNION;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        unionMembers(def);
      }
      case "enum" -> {
        def.kind = GqlAst.ENUM;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        def.endOfDefinitionComment = enumValues(def);
      }
      default -> {
        def.kind = GqlAst.INPUT_OBJECT;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        def.endOfDefinitionComment = fields(def, true);
      }
    }
    return def;
  }

  private SchemaDefinition schemaDefinition(Description description) throws GqlError {
    CommentGroup comment = keyword("schema");
    SchemaDefinition def = new SchemaDefinition();
    def.position = p.peekPos();
    def.beforeDescriptionComment = description.comment();
    def.description = description.text();
    def.afterDescriptionComment = comment;
    def.directives.addAll(p.parseDirectives(true));
    def.endOfDefinitionComment =
        p.some(GqlLexer.BRACE_L, GqlLexer.BRACE_R, () -> def.operationTypes.add(operationType()));
    return def;
  }

  private OperationTypeDefinition operationType() throws GqlError {
    OperationTypeDefinition op = new OperationTypeDefinition();
    op.position = p.peekPos();
    op.comment = p.comment;
    op.operation = p.parseOperationType();
    p.expect(GqlLexer.COLON);
    op.type = p.parseName();
    return op;
  }

  private List<String> implementsInterfaces() throws GqlError {
    List<String> types = new java.util.ArrayList<>();
    if (p.peek().value().equals("implements")) {
      p.next();
      p.skip(GqlLexer.AMP);
      types.add(p.parseName());
      while (p.skip(GqlLexer.AMP)) {
        types.add(p.parseName());
      }
    }
    return types;
  }

  /** Fields of an object or interface, or input fields; returns the comments before the brace. */
  private CommentGroup fields(Definition def, boolean input) throws GqlError {
    return p.some(GqlLexer.BRACE_L, GqlLexer.BRACE_R, () -> def.fields.add(fieldDefinition(input)));
  }

  private FieldDefinition fieldDefinition(boolean input) throws GqlError {
    FieldDefinition def = new FieldDefinition();
    Description desc = description();
    if (!desc.text().isEmpty()) {
      def.beforeDescriptionComment = desc.comment();
      def.description = desc.text();
    }
    p.peek();
    def.afterDescriptionComment = p.comment;
    def.position = p.peekPos();
    def.name = p.parseName();
    if (!input) {
      p.some(GqlLexer.PAREN_L, GqlLexer.PAREN_R, () -> def.arguments.add(argumentDefinition()));
    }
    p.expect(GqlLexer.COLON);
    def.type = p.parseTypeReference();
    if (input && p.skip(GqlLexer.EQUALS)) {
      def.defaultValue = p.parseValueLiteral(true);
    }
    def.directives.addAll(p.parseDirectives(true));
    return def;
  }

  private ArgumentDefinition argumentDefinition() throws GqlError {
    ArgumentDefinition def = new ArgumentDefinition();
    Description desc = description();
    if (!desc.text().isEmpty()) {
      def.beforeDescriptionComment = desc.comment();
      def.description = desc.text();
    }
    p.peek();
    def.afterDescriptionComment = p.comment;
    def.position = p.peekPos();
    def.name = p.parseName();
    p.expect(GqlLexer.COLON);
    def.type = p.parseTypeReference();
    if (p.skip(GqlLexer.EQUALS)) {
      def.defaultValue = p.parseValueLiteral(true);
    }
    def.directives.addAll(p.parseDirectives(true));
    return def;
  }

  private void unionMembers(Definition def) throws GqlError {
    if (p.skip(GqlLexer.EQUALS)) {
      p.skip(GqlLexer.PIPE);
      def.typePositions.add(p.peekPos());
      def.types.add(p.parseName());
      while (p.skip(GqlLexer.PIPE)) {
        def.typePositions.add(p.peekPos());
        def.types.add(p.parseName());
      }
    }
  }

  private CommentGroup enumValues(Definition def) throws GqlError {
    return p.some(
        GqlLexer.BRACE_L,
        GqlLexer.BRACE_R,
        () -> {
          EnumValueDefinition value = new EnumValueDefinition();
          Description desc = description();
          if (!desc.text().isEmpty()) {
            value.beforeDescriptionComment = desc.comment();
            value.description = desc.text();
          }
          p.peek();
          value.afterDescriptionComment = p.comment;
          value.position = p.peekPos();
          value.name = p.parseName();
          value.directives.addAll(p.parseDirectives(true));
          def.enumValues.add(value);
        });
  }

  private void extension(SchemaDocument doc) throws GqlError {
    CommentGroup comment = keyword("extend");
    String kind = p.peek().value();
    switch (kind) {
      case "schema" -> doc.schemaExtension.add(schemaExtension(comment));
      case "scalar", "type", "interface", "union", "enum", "input" ->
          doc.extensions.add(typeExtension(kind, comment));
      default -> throw p.unexpected();
    }
  }

  private SchemaDefinition schemaExtension(CommentGroup comment) throws GqlError {
    p.expectKeyword("schema");
    SchemaDefinition def = new SchemaDefinition();
    def.position = p.peekPos();
    def.afterDescriptionComment = comment;
    def.directives.addAll(p.parseDirectives(true));
    def.endOfDefinitionComment =
        p.some(GqlLexer.BRACE_L, GqlLexer.BRACE_R, () -> def.operationTypes.add(operationType()));
    if (def.directives.isEmpty() && def.operationTypes.isEmpty()) {
      throw p.unexpected();
    }
    return def;
  }

  private Definition typeExtension(String kind, CommentGroup comment) throws GqlError {
    p.expectKeyword(kind);
    Definition def = new Definition();
    def.position = p.peekPos();
    def.afterDescriptionComment = comment;
    boolean empty;
    switch (kind) {
      case "scalar" -> {
        def.kind = GqlAst.SCALAR;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        empty = def.directives.isEmpty();
      }
      case "type" -> {
        def.kind = GqlAst.OBJECT;
        def.name = p.parseName();
        def.interfaces.addAll(implementsInterfaces());
        def.directives.addAll(p.parseDirectives(true));
        def.endOfDefinitionComment = fields(def, false);
        empty = def.interfaces.isEmpty() && def.directives.isEmpty() && def.fields.isEmpty();
      }
      case "interface" -> {
        def.kind = GqlAst.INTERFACE;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        def.endOfDefinitionComment = fields(def, false);
        empty = def.directives.isEmpty() && def.fields.isEmpty();
      }
      case "union" -> {
        def.kind = GqlAst.UNION;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        unionMembers(def);
        empty = def.directives.isEmpty() && def.types.isEmpty();
      }
      case "enum" -> {
        def.kind = GqlAst.ENUM;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(true));
        def.endOfDefinitionComment = enumValues(def);
        empty = def.directives.isEmpty() && def.enumValues.isEmpty();
      }
      default -> {
        def.kind = GqlAst.INPUT_OBJECT;
        def.name = p.parseName();
        def.directives.addAll(p.parseDirectives(false));
        def.endOfDefinitionComment = fields(def, true);
        empty = def.directives.isEmpty() && def.fields.isEmpty();
      }
    }
    if (empty) {
      throw p.unexpected();
    }
    return def;
  }

  private DirectiveDefinition directiveDefinition(Description description) throws GqlError {
    CommentGroup comment = keyword("directive");
    p.expect(GqlLexer.AT);
    DirectiveDefinition def = new DirectiveDefinition();
    def.position = p.peekPos();
    def.beforeDescriptionComment = description.comment();
    def.description = description.text();
    def.afterDescriptionComment = comment;
    def.name = p.parseName();
    p.some(GqlLexer.PAREN_L, GqlLexer.PAREN_R, () -> def.arguments.add(argumentDefinition()));
    Token peek = p.peek();
    if (peek.kind() == GqlLexer.NAME && peek.value().equals("repeatable")) {
      def.isRepeatable = true;
      p.skip(GqlLexer.NAME);
    }
    p.expectKeyword("on");
    p.skip(GqlLexer.PIPE);
    def.locations.add(directiveLocation());
    while (p.skip(GqlLexer.PIPE)) {
      def.locations.add(directiveLocation());
    }
    return def;
  }

  private String directiveLocation() throws GqlError {
    Token name = p.expect(GqlLexer.NAME);
    if (LOCATIONS.contains(name.value())) {
      return name.value();
    }
    throw p.unexpected(name);
  }
}
