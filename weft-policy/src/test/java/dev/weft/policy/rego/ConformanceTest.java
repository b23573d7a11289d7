package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs OPA's own conformance cases (YAML: modules, data, input, query, want_result or want_error)
 * from {@code ../shared/conformance/opa} next to the repository, one dynamic test per case, and
 * prints the passed, failed and skipped counts. The directory can be moved with {@code
 * -Dweft.conformance.dir=...}. Cases are read where they are; none are copied into the project.
 *
 * <p>A missing directory fails the build (a skipped conformance run would look like a passing one),
 * unless {@code -Dweft.conformance.skip=true} opts out explicitly.
 */
public class ConformanceTest {

  /** Features Weft does not implement; a case needing one is skipped and the feature named. */
  private static final Map<String, String> UNSUPPORTED = Map.of();

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final AtomicInteger FAILED = new AtomicInteger();
  private static final AtomicInteger SKIPPED = new AtomicInteger();

  /**
   * The cases: {@code -Dweft.conformance.dir}, else {@code shared/conformance/opa} next to the
   * repository (or next to a directory above it, as for a worktree); when found nowhere, the
   * expected place next to the repository.
   */
  public static Path casesDir() {
    String configured = System.getProperty("weft.conformance.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    Path repo = Path.of("").toAbsolutePath();
    while (repo != null && !Files.exists(repo.resolve(".ci"))) {
      repo = repo.getParent();
    }
    if (repo == null) {
      return Path.of("../../shared/conformance/opa");
    }
    for (Path dir = repo; dir.getParent() != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("conformance").resolve("opa");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return repo.resolveSibling("shared").resolve("conformance").resolve("opa");
  }

  @TestFactory
  Stream<DynamicTest> opaConformanceCases() throws IOException {
    Assumptions.assumeFalse(
        Boolean.getBoolean("weft.conformance.skip"),
        "OPA conformance cases skipped: -Dweft.conformance.skip=true");
    return cases(casesDir());
  }

  /** One dynamic test per case under {@code dir}; fails when {@code dir} is not a directory. */
  static Stream<DynamicTest> cases(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      fail(missingCases(dir));
    }
    List<DynamicTest> tests = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      JsonNode root = YAML.readTree(file.toFile());
      int i = 0;
      for (JsonNode c : root.path("cases")) {
        String name = dir.relativize(file) + "#" + (i++) + " " + c.path("note").asText();
        tests.add(DynamicTest.dynamicTest(name, () -> run(c)));
      }
    }
    return tests.stream();
  }

  /** Why the run fails when the cases are not where they are expected. */
  public static String missingCases(Path dir) {
    return "OPA conformance cases not found at "
        + dir.toAbsolutePath().normalize()
        + " (expected: OPA's cases in shared/conformance/opa next to the repository's directory;"
        + " point -Dweft.conformance.dir=DIR at another copy, or pass -Dweft.conformance.skip=true"
        + " to skip them)";
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "OPA conformance: %d passed, %d failed, %d skipped%n",
        PASSED.get(), FAILED.get(), SKIPPED.get());
  }

  private static void run(JsonNode c) throws Exception {
    String note = c.path("note").asText();
    String feature = UNSUPPORTED.get(note);
    if (feature != null) {
      SKIPPED.incrementAndGet();
      Assumptions.abort("unsupported feature: " + feature);
    }
    try {
      check(c);
      PASSED.incrementAndGet();
    } catch (AssertionError | Exception e) {
      FAILED.incrementAndGet();
      throw e;
    }
  }

  private static void check(JsonNode c) throws Exception {
    RegoPolicy.Builder builder = RegoPolicy.builder();
    int m = 0;
    for (JsonNode module : c.path("modules")) {
      builder.module("test-" + (m++) + ".rego", module.asText());
    }
    if (c.has("data")) {
      builder.data(Json.toValue(c.get("data")));
    }
    Value input = null;
    if (c.has("input")) {
      input = Json.toValue(c.get("input"));
    } else if (c.has("input_term")) {
      input =
          GroundTerms.value(
              dev.weft.policy.rego.internal.parser.RegoParser.parseTerm(
                  c.get("input_term").asText()));
    }
    EvalOptions options =
        EvalOptions.of(input).withStrictBuiltinErrors(c.path("strict_error").asBoolean(false));
    boolean wantsError = c.has("want_error") || c.has("want_error_code");
    QueryResult result;
    try {
      RegoPolicy policy = builder.build();
      result = policy.prepare(c.path("query").asText()).evaluate(options);
    } catch (PolicyException e) {
      if (!wantsError) {
        throw e;
      }
      RegoError first = e.errors().isEmpty() ? null : e.errors().getFirst();
      if (c.has("want_error_code")) {
        assertThat(first).as("error for %s", e.getMessage()).isNotNull();
        assertThat(first.code()).isEqualTo(c.get("want_error_code").asText());
      }
      if (c.has("want_error")) {
        String want = c.get("want_error").asText();
        assertThat(first == null ? e.getMessage() : first.opaString() + "\n" + e.getMessage())
            .contains(want);
      }
      return;
    }
    if (wantsError) {
      fail(
          "expected error %s %s but got %s",
          c.path("want_error_code").asText(), c.path("want_error").asText(), result);
    }
    boolean sort = c.path("sort_bindings").asBoolean(false);
    List<String> want = new ArrayList<>();
    for (JsonNode w : c.path("want_result")) {
      want.add(canonical(Json.toJson(Json.toValue(w)), sort));
    }
    List<String> got = new ArrayList<>();
    for (QueryResult.Solution s : result.solutions()) {
      var b = Json.mapper().createObjectNode();
      s.bindings()
          .forEach(
              (k, v) -> {
                if (!k.startsWith("_")) {
                  b.set(k, Json.toJson(v));
                }
              });
      got.add(canonical(b, sort));
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(want);
  }

  private static String canonical(JsonNode n, boolean sortTopLevel) {
    JsonNode copy = n.deepCopy();
    if (sortTopLevel && copy.isObject()) {
      copy.properties()
          .forEach(
              e -> {
                if (e.getValue().isArray()) {
                  List<JsonNode> items = new ArrayList<>();
                  e.getValue().forEach(items::add);
                  items.sort(Comparator.comparing(JsonNode::toString));
                  ArrayNode sorted = Json.mapper().createArrayNode();
                  items.forEach(sorted::add);
                  e.setValue(sorted);
                }
              });
    }
    return Json.write(Json.toValue(copy));
  }
}
