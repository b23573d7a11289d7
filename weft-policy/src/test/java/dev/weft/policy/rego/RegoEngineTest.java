package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine's behaviour beyond OPA's conformance sample: scoping, with, errors, print. */
class RegoEngineTest {

  private static RegoPolicy policy(String source) throws PolicyException {
    return RegoPolicy.builder().module("p.rego", source).build();
  }

  private static Optional<String> eval(String source, String ref, String input) throws Exception {
    Value in = input == null ? null : Json.parse(input);
    return policy(source).evaluate(ref, in).map(Json::write);
  }

  @Test
  void everyHoldsForEmptyAndFailsOnOneCounterexample() throws Exception {
    String src =
        """
        package t
        ok if every x in input.xs { x > 0 }
        """;
    assertThat(eval(src, "data.t.ok", "{\"xs\": []}")).contains("true");
    assertThat(eval(src, "data.t.ok", "{\"xs\": [1, 2]}")).contains("true");
    assertThat(eval(src, "data.t.ok", "{\"xs\": [1, -2]}")).isEmpty();
    assertThat(eval(src, "data.t.ok", "{}")).isEmpty();
  }

  @Test
  void someInBindsKeysAndValuesAndUnifiesPatterns() throws Exception {
    String src =
        """
        package t
        pairs contains [k, v] if some k, v in input.o
        firsts contains a if some [a, _] in input.rows
        """;
    assertThat(eval(src, "data.t.pairs", "{\"o\": {\"a\": 1, \"b\": 2}}"))
        .contains("[[\"a\",1],[\"b\",2]]");
    assertThat(eval(src, "data.t.firsts", "{\"rows\": [[1, 2], [3, 4], [5]]}")).contains("[1,3]");
  }

  @Test
  void withReplacesInputDataAndFunctionsForOneExpressionOnly() throws Exception {
    String src =
        """
        package t
        limit := data.config.limit
        over if input.n > limit
        a if over with input.n as 10 with data.config.limit as 5
        b if not over with input.n as 1 with data.config.limit as 5
        c := n if n := count([1, 2, 3]) with count as 42
        d := count([1, 2, 3])
        """;
    RegoPolicy p =
        RegoPolicy.builder()
            .module("p.rego", src)
            .data(Json.parse("{\"config\": {\"limit\": 100}}"))
            .build();
    assertThat(p.evaluate("data.t.a", null).map(Json::write)).contains("true");
    assertThat(p.evaluate("data.t.b", null).map(Json::write)).contains("true");
    assertThat(p.evaluate("data.t.c", null).map(Json::write)).contains("42");
    assertThat(p.evaluate("data.t.d", null).map(Json::write)).contains("3");
    assertThat(p.evaluate("data.t.limit", null).map(Json::write)).contains("100");
  }

  @Test
  void undefinedIsNotFalse() throws Exception {
    String src =
        """
        package t
        import rego.v1
        default d := false
        f := false
        u if input.missing
        nf if not f
        nu if not u
        """;
    assertThat(eval(src, "data.t.d", null)).contains("false");
    assertThat(eval(src, "data.t.f", null)).contains("false");
    assertThat(eval(src, "data.t.u", null)).isEmpty();
    assertThat(eval(src, "data.t.nf", null)).contains("true");
    assertThat(eval(src, "data.t.nu", null)).contains("true");
  }

  @Test
  void partialObjectConflictIsAnEvalConflictError() throws Exception {
    String src =
        """
        package t
        p[k] := v if { some k, v in input }
        p["a"] := 99
        """;
    assertThatThrownBy(() -> eval(src, "data.t.p", "{\"a\": 1}"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.errors().getFirst().code()).isEqualTo(RegoError.EVAL_CONFLICT);
              assertThat(e.errors().getFirst().message()).isEqualTo("object keys must be unique");
            });
  }

  @Test
  void compileErrorsNameTheProblemAndWhere() {
    assertThatThrownBy(() -> policy("package t\np if x > 1\n"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              RegoError err = e.errors().getFirst();
              assertThat(err.code()).isEqualTo(RegoError.UNSAFE_VAR);
              assertThat(err.message()).isEqualTo("var x is unsafe");
              assertThat(err.location().toString()).isEqualTo("p.rego:2:6");
            });
    assertThatThrownBy(() -> policy("package t\np if nosuch.fn(1)\n"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors().getFirst().toString())
                    .isEqualTo("p.rego:2:6: rego_type_error: undefined function nosuch.fn"));
    assertThatThrownBy(() -> policy("package t\np if { x := 1; x := 2 }\n"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> assertThat(e.errors().getFirst().message()).isEqualTo("var x assigned above"));
    assertThatThrownBy(() -> policy("package t\np if q\nq if p\n"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.errors().getFirst().code()).isEqualTo(RegoError.RECURSION);
              assertThat(e.errors().getFirst().message())
                  .isEqualTo("rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p");
            });
    assertThatThrownBy(() -> policy("package t\np if count(1, 2, 3)\n"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> assertThat(e.errors().getFirst().message()).isEqualTo("count: arity mismatch"));
  }

  @Test
  void builtinErrorsAreUndefinedUnlessStrict() throws Exception {
    RegoPolicy p = policy("package t\np := x if x := upper(input.n)\n");
    PreparedQuery q = p.prepare("data.t.p");
    Value input = Json.parse("{\"n\": 1}");
    assertThat(q.evaluateFirst(EvalOptions.of(input))).isEmpty();
    assertThatThrownBy(() -> q.evaluateFirst(EvalOptions.of(input).withStrictBuiltinErrors(true)))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.errors().getFirst().code()).isEqualTo(RegoError.EVAL_TYPE);
              assertThat(e.errors().getFirst().message())
                  .startsWith("upper: operand 1 must be string");
            });
  }

  @Test
  void printWritesToTheEvaluationsSink() throws Exception {
    RegoPolicy p = policy("package t\np if { print(\"caller\", input.who, input.missing) }\n");
    List<String> lines = new ArrayList<>();
    p.prepare("data.t.p")
        .evaluate(EvalOptions.of(Json.parse("{\"who\": \"a\"}")).withPrint(lines::add));
    assertThat(lines).containsExactly("caller a <undefined>");
  }

  @Test
  void queryResultsCarryBindingsAndExpressionValues() throws Exception {
    RegoPolicy p =
        RegoPolicy.builder()
            .module("p.rego", "package t\n")
            .data(Json.parse("{\"roles\": {\"alice\": [\"admin\"], \"bob\": [\"dev\", \"ops\"]}}"))
            .build();
    QueryResult r =
        p.prepare("data.roles[name][_] = role; role != \"dev\"").evaluate(EvalOptions.of(null));
    List<String> seen = new ArrayList<>();
    r.solutions().forEach(s -> seen.add(s.bindings().get("name") + "=" + s.bindings().get("role")));
    assertThat(seen).containsExactlyInAnyOrder("\"alice\"=\"admin\"", "\"bob\"=\"ops\"");
    assertThat(r.solutions().getFirst().expressions()).hasSize(2);
  }

  @Test
  void aSingleExpressionQueryReturnsFalseAsOpaDoes() throws Exception {
    RegoPolicy p = policy("package t\ndefault allow := false\n");
    QueryResult r = p.prepare("data.t.allow").evaluate(EvalOptions.of(null));
    assertThat(r.solutions()).hasSize(1);
    assertThat(Json.write(r.solutions().getFirst().expressions().getFirst().value()))
        .isEqualTo("false");
    assertThat(p.prepare("data.t.allow; true").evaluate(EvalOptions.of(null)).isUndefined())
        .isTrue();
  }

  @Test
  void preparedQueriesAreSafeToShareAcrossThreads() throws Exception {
    RegoPolicy p =
        policy(
            """
        package t
        allow if { some r in input.roles; r == "admin" }
        """);
    PreparedQuery q = p.prepare("data.t.allow");
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      int id = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 2000; i++) {
                        boolean admin = (i + id) % 2 == 0;
                        Value in =
                            Json.parse("{\"roles\": [\"" + (admin ? "admin" : "dev") + "\"]}");
                        Optional<Value> v = q.evaluateFirst(EvalOptions.of(in));
                        if (v.isPresent() != admin) {
                          throw new AssertionError("wrong decision at " + i);
                        }
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
  }
}
