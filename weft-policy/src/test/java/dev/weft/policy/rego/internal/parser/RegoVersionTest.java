package dev.weft.policy.rego.internal.parser;

import static dev.weft.policy.rego.internal.parser.ParseErrors.v0;
import static dev.weft.policy.rego.internal.parser.ParseErrors.v1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What differs between v1 and v0 syntax, and the two seed policies: a v1 policy that must parse and
 * a v0 policy that uses {@code in} without importing it.
 */
class RegoVersionTest {

  private static final String P = "package p\n";
  private static final String IF_HINT =
      "\thint: Rego v1 writes `if` before every rule body, e.g. `allow if { ... }`; to load a Rego"
          + " v0 policy unchanged, parse it as v0";
  private static final String CONTAINS_HINT =
      "\thint: Rego v1 writes partial set rules as `p contains x if { ... }`; to load a Rego v0"
          + " policy unchanged, parse it as v0";

  @Test
  void v0RulesAreErrorsInV1() {
    assertThat(v1(P + "p { true }"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: `if` keyword is required before rule body\n" + IF_HINT);
    assertThat(v1(P + "p[x] { x := 1 }"))
        .isEqualTo(
            "2 errors occurred:\n"
                + "p.rego:2:1: rego_parse_error: `if` keyword is required before rule body\n"
                + IF_HINT
                + "\np.rego:2:1: rego_parse_error: `contains` keyword is required for partial set"
                + " rules\n"
                + CONTAINS_HINT);
    assertThat(v1(P + "f(x) = y { y := x }"))
        .startsWith(
            "p.rego:2:1: rego_parse_error: `if` keyword is required before function body\n");
    assertThat(v1(P + "p if { x } else = 1 { y }"))
        .startsWith("p.rego:2:12: rego_parse_error: `if` keyword is required before rule body\n");
    assertThat(v1(P + "p { a } { b }"))
        .startsWith("2 errors occurred:\np.rego:2:1: rego_parse_error: `if` keyword is required")
        .contains("\np.rego:2:9: rego_parse_error: `if` keyword is required before rule body\n");
    assertThat(v1(P + "if[x] { x }"))
        .startsWith(
            "3 errors occurred:\np.rego:2:1: rego_parse_error: if keyword cannot be used for rule name\n");
  }

  @Test
  void v0ModulesWithRegoV1ImportFollowV1Rules() {
    assertThat(v0(P + "import rego.v1\np[x] { x := 1 }"))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:3:1: rego_parse_error: `if` keyword is required before rule body
            \thint: Rego v1 writes `if` before every rule body, e.g. `allow if { ... }`
            p.rego:3:1: rego_parse_error: `contains` keyword is required for partial set rules
            \thint: Rego v1 writes partial set rules as `p contains x if { ... }`""");
  }

  @Test
  void futureKeywordsWithoutImportInV0() {
    assertThat(v0(P + "p { input.m in [\"a\"] }"))
        .isEqualTo(
            """
            p.rego:2:13: rego_parse_error: unexpected identifier token: expected \\n or ; or }
            \thint: in Rego v0, `in` is a keyword only after `import future.keywords.in` or `import rego.v1`""");
    assertThat(v0(P + "p[x] {\n  some x in {\"foo\": \"bar\"}\n}"))
        .isEqualTo(
            """
            p.rego:3:10: rego_parse_error: unexpected identifier token: expected \\n or ; or }
            \thint: `import future.keywords.in` for `some x in xs` expressions""");
    assertThat(v0(P + "p { every x in [1] { x > 0 } }"))
        .isEqualTo(
            """
            p.rego:2:11: rego_parse_error: unexpected identifier token: expected \\n or ; or }
            \thint: `import future.keywords.every` for `every x in xs { ... }` expressions""");
    // the look back for the `every` hint keeps the errors already reported (found by fuzzing)
    assertThat(v0(P + "p { every with f(x) as 1 with g(y) as 2 }"))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:2:21: rego_parse_error: unexpected as keyword: expected with target path
            p.rego:2:36: rego_parse_error: unexpected as keyword: expected with target path""");
    assertThat(v0(P + "allow if { true }"))
        .isEqualTo(
            """
            p.rego:2:1: rego_parse_error: var cannot be used for rule name
            \thint: in Rego v0, `if` is a keyword only after `import future.keywords.if` or `import rego.v1`""");
  }

  @Test
  void seedV1PolicyParses() throws IOException, PolicyException {
    String policy = fenced(seed("000_"), "```rego");
    Module m = RegoParser.parseModule("federated-authz.rego", policy, RegoVersion.V1);
    assertThat(m.packagePath()).containsExactly("agentweave", "authz", "federated");
    assertThat(m.rules().stream().map(AstText::rule).map(r -> r.substring(0, r.indexOf(' '))))
        .containsExactly(
            "default",
            "\"allow\"",
            "\"allow\"",
            "\"same_trust_domain\"",
            "\"federated_trust_domain\"",
            "\"valid_action\"");
    assertThat(AstText.body(m.rules().get(4).body()))
        .isEqualTo(
            "assign(caller_domain, ref(split(ref(input, \"caller_spiffe_id\"), \"/\"), 2));"
                + " internal.member_2(caller_domain, ref(data, \"federation\", \"allowed_domains\"))");
    // the same module in v0 syntax parses too, thanks to `import rego.v1`
    assertThat(RegoParser.parseModule("f.rego", policy, RegoVersion.V0).rules()).hasSize(6);
  }

  @Test
  void seedV0PolicyUsesInWithoutImport() throws IOException, PolicyException {
    List<String> lines = Files.readAllLines(seed("001_"));
    int start = lines.indexOf("package agentweave.authz");
    int end = lines.subList(start, lines.size()).indexOf("Summary") + start;
    String policy = String.join("\n", lines.subList(start, end)) + "\n";
    int inLine =
        lines
                .subList(start, end)
                .indexOf("    input.request.method in [\"ping\", \"health_check\", \"status\"]")
            + 1;
    assertThat(ParseErrors.module(policy, RegoVersion.V0))
        .isEqualTo(
            "p.rego:"
                + inLine
                + ":26: rego_parse_error: unexpected identifier token: expected \\n or ; or }\n"
                + "\thint: in Rego v0, `in` is a keyword only after `import future.keywords.in` or"
                + " `import rego.v1`");
    // with the import it is a valid v0 policy; as v1 its three bodies lack `if`
    String imported =
        policy.replace(
            "default allow = false", "import future.keywords.in\n\ndefault allow = false");
    Module m = RegoParser.parseModule("p.rego", imported, RegoVersion.V0);
    assertThat(m.rules()).hasSize(4);
    assertThat(AstText.body(m.rules().get(3).body()))
        .isEqualTo(
            "internal.member_2(ref(input, \"request\", \"method\"), [\"ping\", \"health_check\","
                + " \"status\"])");
    assertThat(ParseErrors.module(policy, RegoVersion.V1))
        .startsWith(
            "3 errors occurred:\np.rego:6:1: rego_parse_error: `if` keyword is required before rule body");
  }

  static Path seed(String prefix) throws IOException {
    Path dir = SharedFiles.require("reference/seeds");
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow(() -> new IOException("no seed " + prefix + "* in " + dir));
    }
  }

  /** The first fenced block that opens with {@code fence}. */
  static String fenced(Path file, String fence) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int start = lines.indexOf(fence) + 1;
    int end = lines.subList(start, lines.size()).indexOf("```") + start;
    return String.join("\n", lines.subList(start, end)) + "\n";
  }
}
