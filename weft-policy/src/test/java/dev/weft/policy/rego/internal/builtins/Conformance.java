package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** OPA's conformance cases, read from {@code shared/conformance/opa} beside the repository. */
final class Conformance {

  /** One case: its note, Rego modules and the YAML node of the whole case. */
  record Case(String note, List<String> modules, JsonNode node) {}

  private Conformance() {}

  /** The directory, found by walking up from the working directory. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/conformance/opa");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    org.junit.jupiter.api.Assumptions.abort(
        "OPA conformance cases (shared/conformance/opa) not found above "
            + Path.of("").toAbsolutePath());
    throw new IllegalStateException("unreachable");
  }

  static List<Case> cases(String topic) {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(root().resolve(topic))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        JsonNode doc = new YAMLMapper().readTree(f.toFile());
        for (JsonNode c : doc.get("cases")) {
          List<String> modules = new ArrayList<>();
          c.get("modules").forEach(m -> modules.add(m.asText()));
          out.add(new Case(c.get("note").asText(), modules, c));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(out).as("cases in %s", topic).isNotEmpty();
    return out;
  }
}
