package dev.weft.policy.rego.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.ConformanceTest;
import dev.weft.policy.rego.RegoVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every module, query and input term of OPA's conformance cases (shared/conformance/opa) parses.
 */
class ConformanceModulesTest {

  /** One source text from the cases: where it comes from and what it is. */
  record Source(String where, String kind, String text) {}

  static List<Source> sources() throws IOException {
    Assumptions.assumeFalse(
        Boolean.getBoolean("weft.conformance.skip"),
        "OPA conformance cases skipped: -Dweft.conformance.skip=true");
    Path dir = ConformanceTest.casesDir();
    if (!Files.isDirectory(dir)) {
      Assertions.fail(ConformanceTest.missingCases(dir));
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Source> all = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode cases = yaml.readTree(file.toFile()).path("cases");
      for (JsonNode c : cases) {
        String where = dir.relativize(file) + " / " + c.path("note").asText();
        int i = 0;
        for (JsonNode module : c.path("modules")) {
          all.add(new Source(where + " / module " + i++, "module", module.asText()));
        }
        if (c.hasNonNull("query")) {
          all.add(new Source(where + " / query", "query", c.get("query").asText()));
        }
        if (c.hasNonNull("input_term")) {
          all.add(new Source(where + " / input_term", "term", c.get("input_term").asText()));
        }
      }
    }
    return all;
  }

  @Test
  void everyModuleQueryAndInputTermParses() throws IOException {
    List<Source> sources = sources();
    assertThat(sources.stream().filter(s -> s.kind().equals("module"))).hasSizeGreaterThan(100);
    List<String> failures = new ArrayList<>();
    for (Source s : sources) {
      try {
        switch (s.kind()) {
          case "module" -> RegoParser.parseModule("test.rego", s.text(), RegoVersion.V1);
          case "query" -> RegoParser.parseQueryWithText(s.text());
          default -> RegoParser.parseTerm(s.text());
        }
      } catch (PolicyException e) {
        failures.add(s.where() + ":\n" + e.getMessage() + "\n" + s.text());
      }
    }
    assertThat(failures).isEmpty();
  }
}
