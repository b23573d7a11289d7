package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.json;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code graphql.*} built-ins: gqlparser's syntax trees, validation and messages, as OPA. */
class GraphQlBuiltinsTest {

  private static final String LOCALE_SCHEMA =
      """

        extend type Query {
            myAction(myEnum: Locale!): SomeResult!
        }
        type SomeResult {
            id: String
        }
        enum Locale {
            EN
            LT
            DE
        }
      """;

  private static String failure(String name, Value... args) {
    return B.error(false, name, args);
  }

  @Test
  void queriesParseToGqlparsersSyntaxTree() throws Exception {
    assertThat(call("graphql.parse_query", s("{ field(complex: { a: { b: [ $var ] } }) }")))
        .isEqualTo(
            json(
                """
                {"Operations": [{"Name": "", "Operation": "query", "SelectionSet": [{"Alias":
                "field", "Arguments": [{"Name": "complex", "Value": {"Children": [{"Name": "a",
                "Value": {"Children": [{"Name": "b", "Value": {"Children": [{"Name": "",
                "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw": "var"}}],
                "ExpectedTypeHasDefault": false, "Kind": 8, "Raw": ""}}],
                "ExpectedTypeHasDefault": false, "Kind": 9, "Raw": ""}}],
                "ExpectedTypeHasDefault": false, "Kind": 9, "Raw": ""}}], "Name": "field"}]}]}
                """));
    assertThat(
            call(
                "graphql.parse_query",
                s("query ($withDirective: String @first, $list: [Arr!]!) { f }")))
        .isEqualTo(
            json(
                """
                {"Operations": [{"Name": "", "Operation": "query", "SelectionSet": [{"Alias":
                "f", "Name": "f"}], "VariableDefinitions": [{"Directives": [{"Location": "",
                "Name": "first"}], "Type": {"NamedType": "String", "NonNull": false}, "Used":
                false, "Variable": "withDirective"}, {"Type": {"Elem": {"NamedType": "Arr",
                "NonNull": true}, "NamedType": "", "NonNull": true}, "Used": false, "Variable":
                "list"}]}]}
                """));
  }

  @Test
  void fragmentsSpreadsAndKeywordsAsNamesParse() throws Exception {
    String query =
        """
        query on {
          ... a
          ... on on { field }
        }
        fragment a on Type {
          on(on: $on)
            @on(on: on)
        }
        """;
    assertThat(call("graphql.parse_query", s(query)))
        .isEqualTo(
            json(
                """
                {"Fragments": [{"Name": "a", "SelectionSet": [{"Alias": "on", "Arguments":
                [{"Name": "on", "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw":
                "on"}}], "Directives": [{"Arguments": [{"Name": "on", "Value":
                {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "on"}}], "Location": "",
                "Name": "on"}], "Name": "on"}], "TypeCondition": "Type"}], "Operations":
                [{"Name": "on", "Operation": "query", "SelectionSet": [{"Name": "a"},
                {"SelectionSet": [{"Alias": "field", "Name": "field"}], "TypeCondition":
                "on"}]}]}
                """));
  }

  @Test
  void queryStringsAreReadAsUtf8WithBlockStringsAndComments() throws Exception {
    assertThat(
            call(
                "graphql.parse_query",
                s("# a ਊ comment\n{ f(arg: \"Has a ਊ\", long: \"\"\"\n    block\n  \"\"\") }")))
        .isEqualTo(
            json(
                """
                {"Operations": [{"Comment": {"List": [{"Value": "# a ਊ comment"}]}, "Name": "",
                "Operation": "query", "SelectionSet": [{"Alias": "f", "Arguments": [{"Name":
                "arg", "Value": {"ExpectedTypeHasDefault": false, "Kind": 3, "Raw":
                "Has a ਊ"}}, {"Name": "long", "Value": {"ExpectedTypeHasDefault": false,
                "Kind": 4, "Raw": "block"}}], "Name": "f"}]}]}
                """));
  }

  /**
   * Lexical errors surface as gqlparser reports them: the parser meets the invalid token before it
   * consumes it, so the message is "Unexpected <Invalid>" at the place the lexer stopped.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{|Expected Name, found <EOF> in GraphQL string at location 1:2",
        "{ field: {} }|Expected Name, found { in GraphQL string at location 1:10",
        "notanoperation Foo { field }|Unexpected Name \"notanoperation\" in GraphQL string at"
            + " location 1:1",
        "...|Unexpected ... in GraphQL string at location 1:1",
        "query Foo($x: Complex = { a: { b: [ $var ] } }) { field }|Unexpected $ in GraphQL"
            + " string at location 1:37",
        "fragment on on on { on }|Unexpected Name \"on\" in GraphQL string at location 1:10",
        "{ ...on }|Expected Name, found } in GraphQL string at location 1:9",
        "query Foo() { f }|expected at least one definition, found ) in GraphQL string at"
            + " location 1:11",
        "{ f(a: \"open) }|Unexpected <Invalid> in GraphQL string at location 1:16",
        "{ f(a: 007) }|Unexpected <Invalid> in GraphQL string at location 1:9",
        "{ f(a: 'x') }|Unexpected <Invalid> in GraphQL string at location 1:8",
      })
  void querySyntaxErrorsHaveGqlparsersMessagesAndLocations(String query, String message) {
    assertThat(failure("graphql.parse_query", s(query))).isEqualTo(message);
  }

  @Test
  void schemasParseToGqlparsersSyntaxTree() throws Exception {
    assertThat(
            call(
                "graphql.parse_schema",
                s("type Hello {\n  world(flag: Boolean = true): String\n}")))
        .isEqualTo(
            json(
                """
                {"Definitions": [{"BuiltIn": false, "Description": "", "Fields": [{"Arguments":
                [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 5, "Raw": "true"},
                "Description": "", "Name": "flag", "Type": {"NamedType": "Boolean", "NonNull":
                false}}], "Description": "", "Name": "world", "Type": {"NamedType": "String",
                "NonNull": false}}], "Kind": "OBJECT", "Name": "Hello"}]}
                """));
    assertThat(call("graphql.parse_schema", s("extend schema @directive")))
        .isEqualTo(
            json(
                """
                {"SchemaExtension": [{"Description": "", "Directives": [{"Location": "", "Name":
                "directive"}]}]}
                """));
    assertThat(call("graphql.parse_schema", s("\"\"\"\n  Description\n\"\"\"\nenum E { A, B }")))
        .isEqualTo(
            json(
                """
                {"Definitions": [{"BuiltIn": false, "Description": "Description", "EnumValues":
                [{"Description": "", "Name": "A"}, {"Description": "", "Name": "B"}], "Kind":
                "ENUM", "Name": "E"}]}
                """));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "type Hello {}|expected at least one definition, found } in GraphQL string at location"
            + " 1:13",
        "extend type Hello|Unexpected <EOF> in GraphQL string at location 1:18",
        "extend schema|Unexpected <EOF> in GraphQL string at location 1:14",
        "\"Description\" extend type Hello { world: String }|Unexpected String \"Description\" in"
            + " GraphQL string at location 1:2",
        "directive @d on NOWHERE|Unexpected Name \"NOWHERE\" in GraphQL string at location 1:17",
      })
  void schemaSyntaxErrorsHaveGqlparsersMessagesAndLocations(String schema, String message) {
    assertThat(failure("graphql.parse_schema", s(schema))).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "type Hello { world: String }|true",
        "extend type User { id: ID! } union E = User extend type Query { e: E }|true",
        "type T { f: String @deprecated g(a: Int): Boolean } enum D { A @deprecated }|true",
        "type Hello {}|false",
        "extend type Hello implements Greeting|false",
        "schema { query: Query }|false",
        "type Query { x: Int } directive @d(a: String = \"b\") on SCHEMA extend schema @d|true",
        "type Hello implements World { field: String }|false",
        "interface IA { id: ID! } interface IIA implements IA { id: ID! } type A implements IIA"
            + " { id: ID! }|false",
        "union Hello = World|false",
        "scalar Hello|true",
        "input Hello { world: String }|true",
        "input Hello { world(foo: Int): String }|false",
        "type Query { a: In } input In { b: In! }|false",
        "enum E { A A }|false",
        "type Query { __a: Int }|false",
      })
  void schemasAreValidatedAsGqlparserDoes(String schema, boolean valid) throws Exception {
    assertThat(call("graphql.schema_is_valid", s(schema))).isEqualTo(BooleanValue.of(valid));
  }

  @Test
  void schemaErrorsNameTheSchemaConversion() {
    assertThat(failure("graphql.parse", s("{ a }"), s("type Query {\n  a: Missing\n}")))
        .isEqualTo(
            "Error in gqlparser SchemaDocument to Schema conversion: input:2:6: Undefined type"
                + " Missing.");
    assertThat(
            failure(
                "graphql.parse", s("{ a }"), s("type Query { a(x: In): Int } input In { b: In! }")))
        .isEqualTo(
            "Error in gqlparser SchemaDocument to Schema conversion: input:1:41: Cannot reference"
                + " Input Object \"In\" within itself through a series of non-null fields: \"b\".");
  }

  @Test
  void queriesAreValidatedAgainstTheSchemaWithTheFirstErrorsLocation() throws Exception {
    String query =
        """

          query SomeOperation {
            # Note: Not providing mandatory parameter: (myEnum: Locale!)
            myAction {
              id
            }
          }
        """;
    assertThat(failure("graphql.parse", s(query), s(LOCALE_SCHEMA)))
        .isEqualTo(
            "Field \"myAction\" argument \"myEnum\" of type \"Locale!\" is required, but it was not"
                + " provided in GraphQL string at location 4:5");
    assertThat(call("graphql.is_valid", s(query), s(LOCALE_SCHEMA))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("graphql.parse_and_verify", s(query), s(LOCALE_SCHEMA)))
        .isEqualTo(json("[false, {}, {}]"));
    String withDefault =
        "query SomeOperation ($locale: Locale! = DE) { myAction(myEnum: $locale) { id } }";
    assertThat(call("graphql.is_valid", s(withDefault), s(LOCALE_SCHEMA)))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(
            failure("graphql.parse", s("{ a { b } c(x: 1) }"), s("type Query { a: Int c: Int }")))
        .isEqualTo(
            "Cannot query field \"b\" on type \"Int\".\n"
                + "input:1:3: Field \"a\" must not have a selection since type \"Int\" has no"
                + " subfields.\n"
                + "input:1:11: Unknown argument \"x\" on field \"Query.c\" in GraphQL string at"
                + " location 1:7");
    assertThat(
            failure(
                "graphql.parse",
                s("{ hero { nmae } }"),
                s("type Query { hero: H } type H { name: String }")))
        .isEqualTo(
            "Cannot query field \"nmae\" on type \"H\". Did you mean \"name\"?\n in GraphQL string"
                + " at location 1:10");
  }

  @Test
  void syntaxTreesGivenAsObjectsAreAcceptedBack() throws Exception {
    String schema =
        """
        type Employee { id: String! salary: Int! }
        schema { query: Query }
        type Query { employeeByID(id: String): Employee }
        """;
    Value schemaAst = call("graphql.parse_schema", s(schema));
    Value queryAst =
        call("graphql.parse_query", s("query { employeeByID(id: \"alice\") { salary }}"));
    assertThat(call("graphql.parse", queryAst, schemaAst))
        .isEqualTo(ArrayValue.of(queryAst, schemaAst));
    assertThat(call("graphql.parse_and_verify", queryAst, schemaAst))
        .isEqualTo(ArrayValue.of(BooleanValue.TRUE, queryAst, schemaAst));
    assertThat(call("graphql.schema_is_valid", schemaAst)).isEqualTo(BooleanValue.TRUE);
    assertThat(failure("graphql.parse", json("{\"Operations\": \"x\"}"), s(schema)))
        .isEqualTo(
            "json: cannot unmarshal string into Go struct field QueryDocument.Operations of type"
                + " ast.OperationList");
    assertThat(
            failure(
                "graphql.parse",
                queryAst,
                json(
                    "{\"Definitions\": [{\"Name\": \"Q\", \"Fields\": [{\"Type\": {\"NonNull\":"
                        + " 1}}]}]}")))
        .isEqualTo(
            "json: cannot unmarshal number into Go struct field"
                + " Type.Definitions.Fields.Type.NonNull of type bool");
  }

  @Test
  void policiesCheckQueriesAgainstASchema() throws Exception {
    String module =
        """
        package gql

        schema := `type Query { employee(id: String!): Employee } type Employee { salary: Int }`

        allowed if {
          [valid, ast, _] := graphql.parse_and_verify(input.query, schema)
          valid
          every op in ast.Operations { op.Operation == "query" }
        }
        """;
    RegoPolicy policy = RegoPolicy.builder().module("gql.rego", module).build();
    assertThat(
            policy
                .prepare("data.gql.allowed")
                .evaluateFirst(
                    EvalOptions.of(
                        json("{\"query\": \"{ employee(id: \\\"a\\\") { salary } }\"}"))))
        .contains(BooleanValue.TRUE);
    assertThat(
            policy
                .prepare("data.gql.allowed")
                .evaluateFirst(EvalOptions.of(json("{\"query\": \"{ employee { salary } }\"}"))))
        .isEmpty();
  }

  @Test
  void deeplyNestedDocumentsFailInsteadOfExhaustingTheStack() throws Exception {
    String lists = "{ f(a: " + "[".repeat(600) + "]".repeat(600) + ") }";
    assertThat(failure("graphql.parse_query", s(lists)))
        .isEqualTo(
            "GraphQL nesting: more than 500 levels (expected: at most 500) in GraphQL string at"
                + " location 1:507");
    String selections = "{ a ".repeat(600) + "}".repeat(600);
    assertThat(failure("graphql.parse_query", s(selections)))
        .startsWith("GraphQL nesting: more than 500 levels (expected: at most 500)");
    String shallow = "{ a ".repeat(400) + "}".repeat(400);
    assertThat(call("graphql.parse_query", s(shallow))).isInstanceOf(ObjectValue.class);

    Value field = ObjectValue.builder().put("Name", s("f")).build();
    for (int i = 0; i < 2100; i++) {
      field =
          ObjectValue.builder()
              .put("Name", s("f"))
              .put("SelectionSet", ArrayValue.of(field))
              .build();
    }
    Value deep =
        ObjectValue.builder()
            .put(
                "Operations",
                ArrayValue.of(
                    ObjectValue.builder().put("SelectionSet", ArrayValue.of(field)).build()))
            .build();
    assertThat(failure("graphql.parse", deep, s("type Query { f: Int }")))
        .isEqualTo("GraphQL syntax tree nesting: more than 2000 levels (expected: at most 2000)");
  }

  @Test
  void wrongOperandTypesAreOpasTypeErrors() {
    assertThat(B.typeError("graphql.parse_query", "1"))
        .isEqualTo("operand 1 must be string but got number");
    assertThat(B.typeError("graphql.parse", "1", "\"type Query { a: Int }\""))
        .isEqualTo("operand 0 must be one of {string, object} but got number");
  }
}
