package dev.weft.policy.rego.internal.builtins;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code json.verify_schema(schema)} and {@code json.match_schema(document, schema)}: JSON Schema
 * drafts 4 to 2020-12 (draft 7 when {@code $schema} is absent), with {@code pattern} run by RE2/J
 * as OPA runs it with Go's regexp. A schema's {@code $ref} is never fetched from the network or the
 * file system. Errors are reported in the shape and words of OPA's gojsonschema ({@link
 * JsonSchemaErrors}). Compiled schemas are kept in a bounded cache.
 */
final class JsonSchemaBuiltins {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_7,
          b ->
              b.schemaLoader(l -> l.fetchRemoteResources(false))
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder()
                          .regularExpressionFactory(
                              pattern -> {
                                try {
                                  com.google.re2j.Pattern p = Regexes.compile(pattern);
                                  return value -> p.matcher(value).find();
                                } catch (BuiltinException e) {
                                  throw new IllegalArgumentException(e.getMessage(), e);
                                }
                              })
                          .build()));

  private static final BoundedCache<Value, Object> CACHE = new BoundedCache<>(128);

  private JsonSchemaBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("json.verify_schema", JsonSchemaBuiltins::verify),
        Fn.of2("json.match_schema", JsonSchemaBuiltins::match));
  }

  /** The JSON text of a string (checked) or of an object or array. */
  private static String json(Value v) throws BuiltinException {
    return switch (v) {
      case StringValue s -> {
        if (!GoJson.valid(s.value())) {
          throw BuiltinException.failure("invalid JSON string");
        }
        yield s.value();
      }
      case ObjectValue o -> GoJsonWriter.write(o);
      case ArrayValue a -> GoJsonWriter.write(a);
      default -> throw BuiltinException.failure("wrong type, expected string or object");
    };
  }

  private static Schema schema(Value v) throws BuiltinException {
    Object cached = CACHE.get(v);
    if (cached instanceof Schema s) {
      return s;
    }
    if (cached instanceof String error) {
      throw BuiltinException.failure(error);
    }
    try {
      String text = json(v);
      Schema s = REGISTRY.getSchema(text, InputFormat.JSON);
      s.initializeValidators();
      List<String> problems = metaErrors(text);
      if (!problems.isEmpty()) {
        throw BuiltinException.failure(problems.getFirst());
      }
      CACHE.put(v, s);
      return s;
    } catch (BuiltinException e) {
      CACHE.put(v, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      String message = describe(e);
      CACHE.put(v, message);
      throw BuiltinException.failure(message);
    }
  }

  private static String describe(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BuiltinException b) {
        return b.getMessage();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.FileNotFoundException || t instanceof java.io.IOException) {
        return "reference "
            + t.getMessage()
            + " cannot be resolved (expected: a reference inside"
            + " the schema; remote and file references are not fetched)";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The problems the schema's meta-schema finds in it. */
  private static List<String> metaErrors(String schemaText) {
    Value parsed = GoJson.unmarshalQuietly(schemaText);
    String dialect =
        parsed instanceof ObjectValue o && o.get("$schema") instanceof StringValue d
            ? d.value()
            : SpecificationVersion.DRAFT_7.getDialectId();
    Optional<SpecificationVersion> version = SpecificationVersion.fromDialectId(dialect);
    if (version.isEmpty()) {
      return List.of();
    }
    Schema meta = REGISTRY.getSchema(SchemaLocation.of(version.get().getDialectId()));
    List<String> out = new ArrayList<>();
    for (com.networknt.schema.Error e : meta.validate(schemaText, InputFormat.JSON)) {
      out.add(JsonSchemaErrors.field(e) + ": " + e.getMessage());
    }
    return out;
  }

  private static Value verify(Value a) {
    try {
      schema(a);
      return ArrayValue.of(BooleanValue.TRUE, NullValue.NULL);
    } catch (BuiltinException e) {
      return ArrayValue.of(BooleanValue.FALSE, StringValue.of("jsonschema: " + e.getMessage()));
    }
  }

  private static Value match(Value document, Value schemaValue) throws BuiltinException {
    String doc = json(document);
    Schema s = schema(schemaValue);
    List<com.networknt.schema.Error> errors = s.validate(doc, InputFormat.JSON);
    List<Value> out = new ArrayList<>();
    Value docValue = GoJson.unmarshalQuietly(doc);
    for (com.networknt.schema.Error e : errors) {
      out.add(JsonSchemaErrors.toValue(e, docValue));
    }
    return ArrayValue.of(BooleanValue.of(errors.isEmpty()), ArrayValue.of(out));
  }
}
