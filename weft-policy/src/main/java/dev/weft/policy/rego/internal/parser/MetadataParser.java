package dev.weft.policy.rego.internal.parser;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.ast.Annotation;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code # METADATA} blocks of a module as OPA does: a line {@code # METADATA} at column
 * 1, then the YAML document in the comment lines that directly follow it (each starting with {@code
 * #} at column 1), applying to the package clause or rule that comes next.
 */
final class MetadataParser {

  private static final Pattern START = Pattern.compile("#\\s*METADATA\\s*");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> SCOPES = Set.of("package", "subpackages", "rule", "document");

  private final Module module;
  private final List<RegoError> errors = new ArrayList<>();

  private MetadataParser(Module module) {
    this.module = module;
  }

  /**
   * The module with its annotations.
   *
   * @throws PolicyException with a {@code rego_parse_error} per block that does not parse or whose
   *     scope does not fit what follows it
   */
  static Module annotate(Module module, String source) throws PolicyException {
    if (!source.contains("METADATA")) {
      return module;
    }
    MetadataParser parser = new MetadataParser(module);
    List<Annotation> annotations = parser.blocks(source.split("\r?\n", -1));
    if (!parser.errors.isEmpty()) {
      throw new PolicyException(parser.errors);
    }
    return module.withAnnotations(annotations);
  }

  private List<Annotation> blocks(String[] lines) {
    List<Annotation> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (!START.matcher(lines[i]).matches()) {
        continue;
      }
      Location at = new Location(module.file(), i + 1, 1);
      StringBuilder yaml = new StringBuilder();
      int j = i + 1;
      while (j < lines.length && lines[j].startsWith("#")) {
        yaml.append(lines[j], 1, lines[j].length()).append('\n');
        j++;
      }
      Annotation a = block(yaml.toString(), j, at);
      if (a != null) {
        out.add(a);
      }
      i = j - 1;
    }
    return out;
  }

  /**
   * The block ending before 0-based line {@code end}, or null when it is in error or unattached.
   */
  private Annotation block(String yaml, int end, Location at) {
    int target = target(end);
    if (target == Integer.MIN_VALUE) {
      return null;
    }
    JsonNode doc;
    try {
      doc = YAML.readTree(yaml);
    } catch (JacksonException e) {
      error(at, "yaml: " + e.getOriginalMessage());
      return null;
    }
    if (doc == null || doc.isMissingNode() || doc.isNull()) {
      doc = YAML.createObjectNode();
    }
    if (!doc.isObject()) {
      error(at, "yaml: the METADATA block must be a mapping");
      return null;
    }
    String scope = doc.path("scope").asText(target < 0 ? "package" : "rule");
    if (!SCOPES.contains(scope)) {
      error(at, "invalid annotation scope '" + scope + "'");
      return null;
    }
    boolean packageScope = scope.equals("package") || scope.equals("subpackages");
    if (packageScope != (target < 0)) {
      error(
          at,
          "annotation scope '"
              + scope
              + "' must be applied to "
              + (packageScope ? "package" : "rule")
              + " (have "
              + (target < 0 ? "package" : "rule")
              + ")");
      return null;
    }
    ObjectValue.Builder value = ObjectValue.builder().put("scope", StringValue.of(scope));
    var fields = doc.properties().iterator();
    while (fields.hasNext()) {
      var field = fields.next();
      Value v = field(field.getKey(), field.getValue(), at);
      if (v != null) {
        value.put(field.getKey(), v);
      }
    }
    return new Annotation(scope, value.build(), target, at);
  }

  /**
   * The index of the rule that starts first after 0-based line {@code end}, -1 for the package
   * clause, or {@link Integer#MIN_VALUE} when nothing follows.
   */
  private int target(int end) {
    int bestLine = Integer.MAX_VALUE;
    int best = Integer.MIN_VALUE;
    if (module.location().line() > end) {
      bestLine = module.location().line();
      best = -1;
    }
    for (int r = 0; r < module.rules().size(); r++) {
      int line = module.rules().get(r).location().line();
      if (line > end && line < bestLine) {
        bestLine = line;
        best = r;
      }
    }
    return best;
  }

  private Value field(String key, JsonNode node, Location at) {
    return switch (key) {
      case "scope" -> null;
      case "title", "description" -> StringValue.of(node.asText());
      case "entrypoint" -> BooleanValue.of(node.asBoolean());
      case "custom" -> {
        if (!node.isObject()) {
          error(at, "invalid custom annotation: expected a mapping");
          yield null;
        }
        yield Json.toValue(node);
      }
      case "organizations" -> list(node, at, key, n -> StringValue.of(n.asText()));
      case "authors" -> list(node, at, key, n -> author(n, at));
      case "related_resources" -> list(node, at, key, n -> resource(n, at));
      case "schemas" -> list(node, at, key, n -> schema(n, at));
      default -> Json.toValue(node);
    };
  }

  private interface Item {
    Value read(JsonNode node);
  }

  private Value list(JsonNode node, Location at, String key, Item item) {
    if (!node.isArray()) {
      error(at, "invalid " + key + " annotation: expected a list");
      return null;
    }
    List<Value> out = new ArrayList<>();
    for (JsonNode n : node) {
      Value v = item.read(n);
      if (v == null) {
        return null;
      }
      out.add(v);
    }
    return ArrayValue.of(out);
  }

  /** {@code Name <email>}, a name, or a mapping with {@code name} and {@code email}. */
  private Value author(JsonNode n, Location at) {
    String name;
    String email = null;
    if (n.isObject()) {
      name = n.path("name").asText("").trim();
      email = n.path("email").asText("").trim();
    } else {
      String text = n.asText().trim();
      int lt = text.lastIndexOf('<');
      if (text.endsWith(">") && lt >= 0) {
        name = text.substring(0, lt).trim();
        email = text.substring(lt + 1, text.length() - 1).trim();
      } else {
        name = text;
      }
    }
    if (name.isEmpty() && (email == null || email.isEmpty())) {
      error(at, "invalid author: author information must contain a name or an email");
      return null;
    }
    ObjectValue.Builder b = ObjectValue.builder();
    if (!name.isEmpty()) {
      b.put("name", StringValue.of(name));
    }
    if (email != null && !email.isEmpty()) {
      b.put("email", StringValue.of(email));
    }
    return b.build();
  }

  /** A URL, or a mapping with {@code ref} and {@code description}. */
  private Value resource(JsonNode n, Location at) {
    String ref = n.isObject() ? n.path("ref").asText("") : n.asText();
    if (ref.isEmpty()) {
      error(at, "invalid related-resource: ref is required");
      return null;
    }
    ObjectValue.Builder b = ObjectValue.builder().put("ref", StringValue.of(ref));
    if (n.isObject() && n.hasNonNull("description")) {
      b.put("description", StringValue.of(n.get("description").asText()));
    }
    return b.build();
  }

  /** {@code - path: schema.ref} or {@code - path: {inline definition}}. */
  private Value schema(JsonNode n, Location at) {
    if (!n.isObject() || n.size() != 1) {
      error(at, "invalid schema annotation: expected a mapping of one path to a schema");
      return null;
    }
    var entry = n.properties().iterator().next();
    ObjectValue.Builder b = ObjectValue.builder().put("path", refTerms(entry.getKey()));
    if (entry.getValue().isTextual()) {
      b.put("schema", refTerms(entry.getValue().asText()));
    } else {
      b.put("definition", Json.toValue(entry.getValue()));
    }
    return b.build();
  }

  /** A dotted reference as OPA writes a ref's terms in JSON: a var, then strings. */
  private static Value refTerms(String ref) {
    List<Value> terms = new ArrayList<>();
    String[] parts = ref.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      terms.add(
          ObjectValue.builder()
              .put("type", StringValue.of(i == 0 ? "var" : "string"))
              .put("value", StringValue.of(parts[i]))
              .build());
    }
    return ArrayValue.of(terms);
  }

  private void error(Location at, String message) {
    errors.add(new RegoError(RegoError.PARSE, message, at, null));
  }
}
