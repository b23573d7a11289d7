package dev.weft.policy.rego.internal.builtins;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigDecimal;
import java.util.Map;

/**
 * YAML text into values, as OPA's {@code yaml.unmarshal} (sigs.k8s.io/yaml: YAML to JSON, floats as
 * Go float64s). Parsing is Jackson's (YAML 1.1 via SnakeYAML).
 */
final class YamlReader {

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build();

  private YamlReader() {}

  /** Parses the first document; an empty document is null. */
  static Value read(String text) throws BuiltinException {
    JsonNode node = null;
    boolean first = true;
    try (JsonParser docs = YAML.createParser(text)) {
      // Every document must parse, as go-yaml checks; the first is the value.
      while (docs.nextToken() != null) {
        JsonNode doc = YAML.readTree(docs);
        if (first) {
          node = doc;
          first = false;
        }
      }
    } catch (JacksonException | RuntimeException e) {
      Throwable cause = e instanceof JacksonException ? e : e.getCause();
      String detail =
          cause instanceof JacksonException j
              ? j.getOriginalMessage()
              : String.valueOf(e.getMessage());
      if (detail != null) {
        detail = detail.lines().findFirst().orElse(detail);
      }
      throw BuiltinException.failure("error converting YAML to JSON: yaml: " + detail);
    } catch (java.io.IOException e) {
      throw BuiltinException.failure("error converting YAML to JSON: yaml: " + e.getMessage());
    }
    return node == null ? NullValue.NULL : toValue(node);
  }

  private static Value toValue(JsonNode node) throws BuiltinException {
    return switch (node.getNodeType()) {
      case NULL, MISSING -> NullValue.NULL;
      case BOOLEAN -> BooleanValue.of(node.booleanValue());
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          yield NumberValue.of(node.bigIntegerValue());
        }
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw BuiltinException.failure(
              "error converting YAML to JSON: json: unsupported value: " + goFloatName(d));
        }
        yield NumberValue.parse(jsonFloat(d));
      }
      case ARRAY -> {
        Value[] out = new Value[node.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = toValue(node.get(i));
        }
        yield ArrayValue.wrap(out);
      }
      case OBJECT -> {
        ObjectValue.Builder out = ObjectValue.builder();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          out.put(e.getKey(), toValue(e.getValue()));
        }
        yield out.build();
      }
      default -> StringValue.of(node.asText());
    };
  }

  private static String goFloatName(double d) {
    return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
  }

  /** Go's {@code encoding/json} text of a float64. */
  static String jsonFloat(double d) {
    double abs = Math.abs(d);
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String e = GoFmtVerbs.general(d, -1, false);
      if (!e.contains("e")) {
        e = GoFmtVerbs.exponent(d, shortest.precision() - 1, false);
      }
      return e.replaceFirst("e-0([0-9])$", "e-$1");
    }
    String plain = shortest.toPlainString();
    return plain.equals("-0") ? "-0" : plain;
  }
}
