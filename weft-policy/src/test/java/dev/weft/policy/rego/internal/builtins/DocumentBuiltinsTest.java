package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.failure;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Value;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JSON Schema, Go templates, {@code walk}, template strings and signed JWTs. */
class DocumentBuiltinsTest {

  private static List<Value> eval(String query) throws PolicyException {
    return RegoPolicy.builder()
        .build()
        .prepare("x := " + query)
        .evaluate(EvalOptions.of(null).withStrictBuiltinErrors(true))
        .solutions()
        .stream()
        .map(s -> s.bindings().get("x"))
        .toList();
  }

  @Test
  void schemasAreCheckedAgainstTheirMetaSchema() throws Exception {
    assertThat(text("json.verify_schema", "{\"type\": \"object\"}")).isEqualTo("[true, null]");
    assertThat(text("json.verify_schema", "{\"type\": 5}")).startsWith("[false, \"jsonschema: ");
    assertThat(text("json.verify_schema", "\"{bad\""))
        .isEqualTo("[false, \"jsonschema: invalid JSON string\"]");
    assertThat(text("json.verify_schema", "{\"pattern\": \"[a\"}"))
        .isEqualTo("[false, \"jsonschema: error parsing regexp: missing closing ]: `[a`\"]");
  }

  @Test
  void documentsMatchSchemasWithGojsonschemaErrors() throws Exception {
    String schema =
        "{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {\"age\": "
            + "{\"type\": \"integer\"}, \"tags\": {\"type\": \"array\", \"maxItems\": 1}}}";
    assertThat(text("json.match_schema", "{\"name\": \"a\", \"age\": 3}", schema))
        .isEqualTo("[true, []]");
    String result = text("json.match_schema", "{\"age\": \"x\", \"tags\": [1, 2]}", schema);
    assertThat(result)
        .contains(
            "{\"desc\": \"name is required\", \"error\": \"(root): name is required\", "
                + "\"field\": \"(root)\", \"type\": \"required\"}",
            "{\"desc\": \"Invalid type. Expected: integer, given: string\", \"error\": \"age: "
                + "Invalid type. Expected: integer, given: string\", \"field\": \"age\", "
                + "\"type\": \"invalid_type\"}",
            "\"desc\": \"Array must have at most 1 items\"");
    assertThat(failure("json.match_schema", "{}", "{\"$ref\": \"https://example.org/s.json\"}"))
        .contains("cannot be resolved");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void schemaPatternsMatchInLinearTime() throws Exception {
    String doc = "\"\\\"" + "a".repeat(40) + "!\\\"\"";
    assertThat(text("json.match_schema", doc, "{\"pattern\": \"^(a+)+$\"}")).startsWith("[false");
  }

  @Test
  void templatesRenderAsGoTextTemplate() throws Exception {
    assertThat(text("strings.render_template", "\"Hello {{.name}}!\"", "{\"name\": \"bob\"}"))
        .isEqualTo("\"Hello bob!\"");
    assertThat(
            text(
                "strings.render_template",
                "\"{{range $i, $v := .items}}{{$i}}={{$v}} {{end}}{{if .ok}}yes{{else}}no{{end}}\"",
                "{\"items\": [\"a\", \"b\"], \"ok\": false}"))
        .isEqualTo("\"0=a 1=b no\"");
    assertThat(
            text(
                "strings.render_template",
                "\"{{ printf \\\"%s-%d\\\" .s 3 }} {{ len .l }} {{ index .l 1 }} {{ .m }}\"",
                "{\"s\": \"x\", \"l\": [1, 2], \"m\": {\"k\": [1, null]}}"))
        .isEqualTo("\"x-3 2 2 map[k:[1 <nil>]]\"");
    assertThat(text("strings.render_template", "\"a {{- /* note */ -}}  b\"", "{}"))
        .isEqualTo("\"ab\"");
    assertThat(text("strings.render_template", "\"{{.missing}} {{.missing.deeper}}\"", "{}"))
        .isEqualTo("\"<undefined> <undefined>\"");
    assertThat(failure("strings.render_template", "\"{{.s.x}}\"", "{\"s\": \"str\"}"))
        .isEqualTo(
            "template: template:1:2: executing \"template\" at <.s.x>: can't evaluate "
                + "field x in type string");
    assertThat(failure("strings.render_template", "\"{{ foo }}\"", "{}"))
        .isEqualTo("template: template:1: function \"foo\" not defined");
  }

  @Test
  void walkIsARelationOverEveryNode() throws Exception {
    assertThat(eval("[p | walk({\"a\": [1, {\"b\": 2}]}, [p, v]); v == 2]"))
        .hasToString("[[[\"a\", 1, \"b\"]]]");
    assertThat(eval("count([1 | walk({\"a\": [1, 2]}, _)])")).hasToString("[4]");
    assertThat(eval("{v | walk([3, [4]], [[0], v])}")).hasToString("[{3}]");
  }

  @Test
  void templateStringsJoinOneValuePerPart() throws Exception {
    assertThat(eval("internal.template_string([\"a=\", {1}, \", b=\", set()])"))
        .hasToString("[\"a=1, b=<undefined>\"]");
    assertThatThrownBy(
            () ->
                RegoPolicy.builder()
                    .build()
                    .prepare("x := internal.template_string([{1, 2}])")
                    .evaluate(EvalOptions.of(null)))
        .hasMessageContaining(
            "eval_conflict_error: template-strings must not produce multiple " + "outputs");
  }

  @Test
  void signedTokensVerifyWithTheirKey() throws Exception {
    String hs =
        "io.jwt.encode_sign({\"alg\": \"HS256\", \"typ\": \"JWT\"}, {\"sub\": \"x\"}, "
            + "{\"kty\": \"oct\", \"k\": \"c2VjcmV0\"})";
    assertThat(eval(hs))
        .hasToString(
            "[\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0."
                + "TKECX_pF_bzlcgrzGibhwL3tklDD4LdEEzXVQCw00qY\"]");
    assertThat(eval("io.jwt.verify_hs256(" + hs + ", \"secret\")")).hasToString("[true]");
    String okp =
        "{\"kty\": \"OKP\", \"crv\": \"Ed25519\", "
            + "\"x\": \"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\", "
            + "\"d\": \"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}";
    String signed = "io.jwt.encode_sign({\"alg\": \"EdDSA\"}, {\"sub\": \"x\"}, " + okp + ")";
    assertThat(
            eval(
                "io.jwt.verify_eddsa("
                    + signed
                    + ", \"{\\\"kty\\\": \\\"OKP\\\", \\\"crv\\\": "
                    + "\\\"Ed25519\\\", \\\"x\\\": \\\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\\\"}\")"))
        .hasToString("[true]");
    assertThatThrownBy(
            () ->
                eval(
                    "io.jwt.encode_sign_raw(\"{\\\"alg\\\":\\\"HS256\\\"}\", "
                        + "\"not json\", \"{\\\"kty\\\":\\\"oct\\\",\\\"k\\\":\\\"c2VjcmV0\\\"}\")"))
        .hasMessageContaining("type is JWT but payload is not JSON");
  }
}
