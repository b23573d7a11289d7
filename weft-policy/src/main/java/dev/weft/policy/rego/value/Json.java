package dev.weft.policy.rego.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Converts between Rego values and JSON. Sets become arrays in OPA's sort order and non-string
 * object keys become their JSON text, as {@code opa eval} writes them.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private Json() {}

  /** The mapper used for Rego values: numbers keep full precision. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses JSON text into a value.
   *
   * @throws JsonProcessingException if the text is not one JSON value
   */
  public static Value parse(String json) throws JsonProcessingException {
    JsonNode node = MAPPER.readTree(json);
    if (node == null || node.isMissingNode()) {
      throw new com.fasterxml.jackson.core.JsonParseException(null, "no JSON value");
    }
    return toValue(node);
  }

  /** Converts a Jackson tree into a value. */
  public static Value toValue(JsonNode node) {
    return switch (node.getNodeType()) {
      case NULL, MISSING -> NullValue.NULL;
      case BOOLEAN -> BooleanValue.of(node.booleanValue());
      case NUMBER -> number(node);
      case STRING -> StringValue.of(node.textValue());
      case ARRAY -> {
        Value[] elements = new Value[node.size()];
        for (int i = 0; i < elements.length; i++) {
          elements[i] = toValue(node.get(i));
        }
        yield ArrayValue.wrap(elements);
      }
      case OBJECT -> {
        ObjectValue.Builder b = ObjectValue.builder();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          b.put(StringValue.of(e.getKey()), toValue(e.getValue()));
        }
        yield b.build();
      }
      case BINARY, POJO -> StringValue.of(node.asText());
    };
  }

  private static NumberValue number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong()
          ? NumberValue.of(node.longValue())
          : NumberValue.of(node.bigIntegerValue());
    }
    return NumberValue.parse(node.decimalValue().toString());
  }

  /** Converts a value into a Jackson tree (sets as sorted arrays). */
  public static JsonNode toJson(Value value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (value) {
      case NullValue n -> f.nullNode();
      case BooleanValue b -> f.booleanNode(b.value());
      case NumberValue n ->
          n.isLong() ? f.numberNode(n.longValue()) : f.numberNode(n.decimalValue());
      case StringValue s -> f.textNode(s.value());
      case ArrayValue a -> {
        ArrayNode out = f.arrayNode(a.size());
        for (int i = 0; i < a.size(); i++) {
          out.add(toJson(a.get(i)));
        }
        yield out;
      }
      case SetValue s -> {
        ArrayNode out = f.arrayNode(s.size());
        for (Value e : s.sorted()) {
          out.add(toJson(e));
        }
        yield out;
      }
      case ObjectValue o -> {
        ObjectNode out = f.objectNode();
        for (Value k : o.sortedKeys()) {
          out.set(keyText(k), toJson(o.get(k)));
        }
        yield out;
      }
    };
  }

  /** Writes a value as compact JSON text. */
  public static String write(Value value) {
    try {
      return MAPPER.writeValueAsString(toJson(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Rego value could not be written as JSON", e);
    }
  }

  private static String keyText(Value key) {
    return key instanceof StringValue s ? s.value() : write(key);
  }

  /** A set of the given values; convenience for callers building sets from JSON arrays. */
  public static SetValue setOf(Iterable<Value> values) {
    LinkedHashSet<Value> set = new LinkedHashSet<>();
    values.forEach(set::add);
    return SetValue.wrap(set);
  }
}
