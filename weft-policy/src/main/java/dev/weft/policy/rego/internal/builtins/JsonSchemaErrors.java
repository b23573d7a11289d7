package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A validation error as OPA reports it from gojsonschema: {@code {"error": "<field>: <desc>",
 * "type": "required", "field": "(root)", "desc": "name is required"}}, with gojsonschema's error
 * types and English descriptions for the keywords it has, and the validator's words otherwise.
 */
final class JsonSchemaErrors {

  private JsonSchemaErrors() {}

  /** gojsonschema's field: {@code (root)}, or the dotted path ({@code tags.0}). */
  static String field(com.networknt.schema.Error e) {
    String pointer = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    if (pointer.isEmpty() || pointer.equals("/") || pointer.equals("$")) {
      return "(root)";
    }
    String dotted = pointer.startsWith("/") ? pointer.substring(1).replace('/', '.') : pointer;
    return dotted.replace("~1", "/").replace("~0", "~");
  }

  static Value toValue(com.networknt.schema.Error e, Value document) {
    String field = field(e);
    String[] typeAndDesc = describe(e, field, document);
    return ObjectValue.builder()
        .put("error", StringValue.of(field + ": " + typeAndDesc[1]))
        .put("type", StringValue.of(typeAndDesc[0]))
        .put("field", StringValue.of(field))
        .put("desc", StringValue.of(typeAndDesc[1]))
        .build();
  }

  private static String arg(com.networknt.schema.Error e) {
    JsonNode n = e.getSchemaNode();
    return n == null ? "" : n.isString() ? n.asString() : n.toString();
  }

  private static String[] describe(com.networknt.schema.Error e, String field, Value document) {
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    return switch (keyword) {
      case "type" ->
          new String[] {
            "invalid_type",
            "Invalid type. Expected: " + expected(e) + ", given: " + given(at(document, e))
          };
      case "required" -> new String[] {"required", e.getProperty() + " is required"};
      case "enum" ->
          new String[] {
            "enum", field + " must be one of the following: " + allowed(e.getSchemaNode())
          };
      case "const" -> new String[] {"const", field + " does not match: " + arg(e)};
      case "additionalProperties" ->
          new String[] {
            "additional_property_not_allowed",
            "Additional property " + e.getProperty() + " is not allowed"
          };
      case "minItems" ->
          new String[] {"array_min_items", "Array must have at least " + arg(e) + " items"};
      case "maxItems" ->
          new String[] {"array_max_items", "Array must have at most " + arg(e) + " items"};
      case "uniqueItems" -> new String[] {"unique", unique(at(document, e))};
      case "minLength" ->
          new String[] {"string_gte", "String length must be greater than or equal to " + arg(e)};
      case "maxLength" ->
          new String[] {"string_lte", "String length must be less than or equal to " + arg(e)};
      case "pattern" -> new String[] {"pattern", "Does not match pattern '" + arg(e) + "'"};
      case "format" -> new String[] {"format", "Does not match format '" + arg(e) + "'"};
      case "minimum" -> new String[] {"number_gte", "Must be greater than or equal to " + arg(e)};
      case "exclusiveMinimum" -> new String[] {"number_gt", "Must be greater than " + arg(e)};
      case "maximum" -> new String[] {"number_lte", "Must be less than or equal to " + arg(e)};
      case "exclusiveMaximum" -> new String[] {"number_lt", "Must be less than " + arg(e)};
      case "multipleOf" -> new String[] {"multiple_of", "Must be a multiple of " + arg(e)};
      case "anyOf" -> new String[] {"number_any_of", "Must validate at least one schema (anyOf)"};
      case "oneOf" ->
          new String[] {"number_one_of", "Must validate one and only one schema (oneOf)"};
      case "allOf" -> new String[] {"number_all_of", "Must validate all the schemas (allOf)"};
      case "not" -> new String[] {"number_not", "Must not validate the schema (not)"};
      case "minProperties" ->
          new String[] {"array_min_properties", "Must have at least " + arg(e) + " properties"};
      case "maxProperties" ->
          new String[] {"array_max_properties", "Must have at most " + arg(e) + " properties"};
      case "dependencies", "dependentRequired" ->
          new String[] {"missing_dependency", "Has a dependency on " + e.getProperty()};
      case "contains" -> new String[] {"contains", "At least one of the items must match"};
      case "then" -> new String[] {"condition_then", "Must validate \"then\" as \"if\" was valid"};
      case "else" ->
          new String[] {"condition_else", "Must validate \"else\" as \"if\" was not valid"};
      case "false" -> new String[] {"false", "False always fails validation"};
      case "additionalItems" ->
          new String[] {"array_no_additional_items", "No additional items allowed on array"};
      default -> new String[] {keyword, e.getMessage()};
    };
  }

  private static String expected(com.networknt.schema.Error e) {
    JsonNode n = e.getSchemaNode();
    if (n != null && n.isArray()) {
      List<String> types = new ArrayList<>();
      n.forEach(t -> types.add(t.asString()));
      return String.join(", ", types);
    }
    return arg(e);
  }

  private static String allowed(JsonNode values) {
    if (values == null || !values.isArray()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.toString()));
    return String.join(", ", out);
  }

  /** The document's value at the error's instance location, or null. */
  private static Value at(Value document, com.networknt.schema.Error e) {
    String pointer = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    Value cur = document;
    if (pointer.isEmpty() || pointer.equals("/")) {
      return cur;
    }
    for (String part : pointer.substring(1).split("/", -1)) {
      String key = part.replace("~1", "/").replace("~0", "~");
      cur =
          switch (cur) {
            case ObjectValue o -> o.get(key);
            case ArrayValue a ->
                key.matches("[0-9]+") && Integer.parseInt(key) < a.size()
                    ? a.get(Integer.parseInt(key))
                    : null;
            case null, default -> null;
          };
    }
    return cur;
  }

  /** gojsonschema's type names: an integral number is an {@code integer}. */
  private static String given(Value v) {
    if (v instanceof NumberValue n) {
      return n.isInteger() ? "integer" : "number";
    }
    return v == null ? "null" : v.typeName();
  }

  private static String unique(Value v) {
    if (v instanceof ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        for (int j = i + 1; j < a.size(); j++) {
          if (a.get(i).equals(a.get(j))) {
            return "array items[" + i + "," + j + "] must be unique";
          }
        }
      }
    }
    return "array items must be unique";
  }
}
