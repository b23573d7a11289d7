package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.QueryDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDocument;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/**
 * The {@code graphql.*} built-ins, with OPA's semantics: gqlparser's parser and validator ({@link
 * GqlQueryParser}, {@link GqlSchemaParser}, {@link GqlSchemaValidator}, {@link GqlRules}), its
 * syntax tree returned as OPA prunes it ({@link GqlJson}), syntax trees accepted back as objects
 * ({@link GqlDecoder}), and OPA's error texts ({@code ... in GraphQL string at location 4:5}).
 * Validated schemas given as strings are cached (10 entries, as OPA's default).
 */
final class GraphQlBuiltins {

  private static final BoundedCache<String, Schema> SCHEMAS = new BoundedCache<>(10);

  private GraphQlBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("graphql.parse", GraphQlBuiltins::parse),
        Fn.of2("graphql.parse_and_verify", GraphQlBuiltins::parseAndVerify),
        Fn.of1("graphql.parse_query", GraphQlBuiltins::parseQuery),
        Fn.of1("graphql.parse_schema", GraphQlBuiltins::parseSchema),
        Fn.of2("graphql.is_valid", GraphQlBuiltins::isValid),
        Fn.of1("graphql.schema_is_valid", GraphQlBuiltins::schemaIsValid));
  }

  /** A failure of parsing, decoding or validating, with OPA's message. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private static Value parse(Value query, Value schema) throws BuiltinException {
    if (!(query instanceof StringValue) && !(query instanceof ObjectValue)) {
      throw Operands.type(0, query, "string", "object");
    }
    try {
      QueryDocument doc = queryDocument(query);
      if (!(schema instanceof StringValue) && !(schema instanceof ObjectValue)) {
        throw Operands.type(1, schema, "string", "object");
      }
      SchemaDocument schemaDoc = schemaDocument(schema);
      ObjectValue schemaAst = GqlJson.of(schemaDoc);
      Schema validated = convert(schema, schemaDoc);
      ObjectValue queryAst = GqlJson.of(doc);
      validate(validated, doc);
      return ArrayValue.of(queryAst, schemaAst);
    } catch (Failure e) {
      throw BuiltinException.failure(e.getMessage());
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  private static Value parseAndVerify(Value query, Value schema) throws BuiltinException {
    Value unverified = ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);
    if (!(query instanceof StringValue || query instanceof ObjectValue)
        || !(schema instanceof StringValue || schema instanceof ObjectValue)) {
      return unverified;
    }
    try {
      QueryDocument doc = queryDocument(query);
      ObjectValue queryAst = GqlJson.of(doc);
      SchemaDocument schemaDoc = schemaDocument(schema);
      ObjectValue schemaAst = GqlJson.of(schemaDoc);
      validate(convert(schema, schemaDoc), doc);
      return ArrayValue.of(BooleanValue.TRUE, queryAst, schemaAst);
    } catch (Failure e) {
      return unverified;
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  private static Value parseQuery(Value query) throws BuiltinException {
    String source = Operands.string(query, 1);
    try {
      return GqlJson.of(parsedQuery(source));
    } catch (Failure e) {
      throw BuiltinException.failure(e.getMessage());
    }
  }

  private static Value parseSchema(Value schema) throws BuiltinException {
    String source = Operands.string(schema, 1);
    try {
      return GqlJson.of(parsedSchema(source));
    } catch (Failure e) {
      throw BuiltinException.failure(e.getMessage());
    }
  }

  private static Value isValid(Value query, Value schema) throws BuiltinException {
    if (!(query instanceof StringValue || query instanceof ObjectValue)
        || !(schema instanceof StringValue || schema instanceof ObjectValue)) {
      return BooleanValue.FALSE;
    }
    try {
      QueryDocument doc = queryDocument(query);
      validate(convert(schema, schemaDocument(schema)), doc);
      return BooleanValue.TRUE;
    } catch (Failure e) {
      return BooleanValue.FALSE;
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  private static Value schemaIsValid(Value schema) throws BuiltinException {
    if (!(schema instanceof StringValue || schema instanceof ObjectValue)) {
      return BooleanValue.FALSE;
    }
    try {
      convert(schema, schemaDocument(schema));
      return BooleanValue.TRUE;
    } catch (Failure e) {
      return BooleanValue.FALSE;
    } catch (RuntimeException e) {
      throw malformed(e);
    }
  }

  /**
   * A syntax tree given as an object can be one gqlparser's parser never builds (a type without a
   * name, a missing value); OPA's Go code would crash on it, this reports it.
   */
  private static BuiltinException malformed(RuntimeException e) {
    return BuiltinException.failure(
        "GraphQL syntax tree is malformed: " + e.getClass().getSimpleName());
  }

  private static QueryDocument queryDocument(Value query) throws Failure {
    if (query instanceof StringValue s) {
      return parsedQuery(s.value());
    }
    try {
      return GqlDecoder.query((ObjectValue) query);
    } catch (GqlJsonReader.DecodeException e) {
      throw new Failure(e.getMessage());
    }
  }

  private static SchemaDocument schemaDocument(Value schema) throws Failure {
    if (schema instanceof StringValue s) {
      return parsedSchema(s.value());
    }
    try {
      return GqlDecoder.schema((ObjectValue) schema);
    } catch (GqlJsonReader.DecodeException e) {
      throw new Failure(e.getMessage());
    }
  }

  private static QueryDocument parsedQuery(String source) throws Failure {
    try {
      return GqlQueryParser.parse(source);
    } catch (GqlError e) {
      throw new Failure(format(e.goText()));
    }
  }

  private static SchemaDocument parsedSchema(String source) throws Failure {
    try {
      return GqlSchemaParser.parse(source, "", false);
    } catch (GqlError e) {
      throw new Failure(format(e.goText()));
    }
  }

  /** OPA's {@code convertSchema}: the document merged with the prelude, then validated. */
  private static Schema convert(Value source, SchemaDocument doc) throws Failure {
    String key = source instanceof StringValue s ? s.value() : null;
    if (key != null && SCHEMAS.get(key) instanceof Schema cached) {
      return cached;
    }
    try {
      SchemaDocument merged = new SchemaDocument();
      merged.merge(GqlSchemaParser.parse(GqlPrelude.SOURCE, GqlPrelude.FILE, true));
      merged.merge(doc);
      Schema schema = GqlSchemaValidator.validate(merged);
      if (key != null) {
        SCHEMAS.put(key, schema);
      }
      return schema;
    } catch (GqlError e) {
      throw new Failure("Error in gqlparser SchemaDocument to Schema conversion: " + e.goText());
    }
  }

  private static void validate(Schema schema, QueryDocument doc) throws Failure {
    List<GqlError> errors = GqlRules.validate(schema, doc);
    if (!errors.isEmpty()) {
      throw new Failure(format(GqlError.listText(errors)));
    }
  }

  /**
   * OPA's {@code formatGqlParserError}: {@code input:4:5: message.} becomes {@code message in
   * GraphQL string at location 4:5}; an error without a location is wrapped as it is.
   */
  static String format(String goText) {
    String[] parts = goText.split(":", 4);
    if (parts.length >= 4 && isUint(parts[1]) && isUint(parts[2])) {
      String msg = parts[3].replaceFirst("^ +", "");
      if (msg.endsWith(".\n")) {
        msg = msg.substring(0, msg.length() - 2);
      }
      return msg
          + " in GraphQL string at location "
          + Long.parseLong(parts[1])
          + ":"
          + Long.parseLong(parts[2]);
    }
    return "GraphQL parse error: " + goText;
  }

  private static boolean isUint(String s) {
    if (s.isEmpty() || s.length() > 19) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
