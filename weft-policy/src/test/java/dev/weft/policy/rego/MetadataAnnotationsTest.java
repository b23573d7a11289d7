package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.internal.ast.Annotation;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.parser.RegoParser;
import dev.weft.policy.rego.value.Json;
import org.junit.jupiter.api.Test;

/** {@code # METADATA} blocks, and rego.metadata.chain() and rego.metadata.rule(), as in OPA. */
class MetadataAnnotationsTest {

  private static final String PARENT =
      """
      # METADATA
      # scope: subpackages
      # organizations: [Acme]
      package a
      """;

  private static final String MODULE =
      """
      # METADATA
      # title: B
      package a.b

      # METADATA
      # scope: document
      # description: the p document
      p := 0 if false

      # METADATA
      # title: P
      # authors:
      # - Jane Doe <jane@example.com>
      # - name: Bob
      # related_resources:
      # - https://example.com
      # - ref: https://example.com/b
      #   description: docs
      # custom:
      #   severity: high
      # entrypoint: true
      p := rego.metadata.rule()

      chain := rego.metadata.chain()
      """;

  private static String eval(String ref) throws Exception {
    RegoPolicy policy =
        RegoPolicy.builder().module("a.rego", PARENT).module("b.rego", MODULE).build();
    return Json.write(policy.evaluate(ref, null).orElseThrow());
  }

  @Test
  void blocksAreParsedWithTheirScopeAndWhatTheyApplyTo() throws Exception {
    Module m = RegoParser.parseModule("b.rego", MODULE, RegoVersion.V1);

    assertThat(m.annotations())
        .extracting(Annotation::scope, Annotation::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("package", -1),
            org.assertj.core.groups.Tuple.tuple("document", 0),
            org.assertj.core.groups.Tuple.tuple("rule", 1));
  }

  @Test
  void ruleMetadataIsTheRulesOwnAnnotations() throws Exception {
    assertThat(eval("data.a.b.p"))
        .isEqualTo(
            "{\"authors\":[{\"email\":\"jane@example.com\",\"name\":\"Jane Doe\"},{\"name\":\"Bob\"}],"
                + "\"custom\":{\"severity\":\"high\"},\"entrypoint\":true,"
                + "\"related_resources\":[{\"ref\":\"https://example.com\"},"
                + "{\"description\":\"docs\",\"ref\":\"https://example.com/b\"}],"
                + "\"scope\":\"rule\",\"title\":\"P\"}");
  }

  @Test
  void theChainGoesFromTheRuleOutToItsPackages() throws Exception {
    assertThat(eval("data.a.b.chain"))
        .isEqualTo(
            "[{\"path\":[\"a\",\"b\",\"chain\"]},"
                + "{\"annotations\":{\"scope\":\"package\",\"title\":\"B\"},\"path\":[\"a\",\"b\"]},"
                + "{\"annotations\":{\"organizations\":[\"Acme\"],\"scope\":\"subpackages\"},"
                + "\"path\":[\"a\"]}]");
  }

  @Test
  void aScopeThatDoesNotFitWhatFollowsIsAParseError() {
    assertThatThrownBy(
            () ->
                RegoParser.parseModule(
                    "t.rego",
                    """
        package t

        # METADATA
        # scope: package
        p := 1
        """,
                    RegoVersion.V1))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            "t.rego:3:1: rego_parse_error: annotation scope 'package' must be applied to"
                + " package (have rule)");
    assertThatThrownBy(
            () ->
                RegoParser.parseModule(
                    "t.rego",
                    """
        # METADATA
        # scope: everywhere
        package t
        """,
                    RegoVersion.V1))
        .hasMessage("t.rego:1:1: rego_parse_error: invalid annotation scope 'everywhere'");
  }
}
