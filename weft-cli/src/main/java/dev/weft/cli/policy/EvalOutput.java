package dev.weft.cli.policy;

import dev.weft.policy.rego.QueryResult;
import dev.weft.policy.rego.QueryResult.ExpressionValue;
import dev.weft.policy.rego.QueryResult.Solution;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import dev.weft.policy.testing.OpaJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query results as {@code opa eval} prints them. */
final class EvalOutput {

  /** Cells of the pretty table are cut after this many characters, as OPA's default. */
  static final int PRETTY_LIMIT = 80;

  private EvalOutput() {}

  /**
   * {@code --format json}: {@code {"result": [{"expressions": [{"value", "text", "location"}],
   * "bindings": {...}}]}}; {@code bindings} is left out when empty, and an undefined query is
   * {@code {}}.
   */
  static String json(QueryResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (!result.isUndefined()) {
      List<Object> solutions = new ArrayList<>();
      for (Solution s : result.solutions()) {
        Map<String, Object> solution = new LinkedHashMap<>();
        List<Object> expressions = new ArrayList<>();
        for (ExpressionValue e : s.expressions()) {
          Map<String, Object> expression = new LinkedHashMap<>();
          expression.put("value", e.value());
          expression.put("text", e.text());
          Map<String, Object> location = new LinkedHashMap<>();
          location.put("row", e.location().line());
          location.put("col", e.location().col());
          expression.put("location", location);
          expressions.add(expression);
        }
        solution.put("expressions", expressions);
        if (!s.bindings().isEmpty()) {
          solution.put("bindings", bindings(s));
        }
        solutions.add(solution);
      }
      root.put("result", solutions);
    }
    return OpaJson.pretty(root);
  }

  /**
   * {@code --format pretty}: {@code undefined}; the indented JSON value of a single solution
   * without bindings whose query is one expression (or only boolean ones); otherwise a table with a
   * column per variable (sorted) and per non-boolean expression.
   */
  static String pretty(QueryResult result) {
    if (result.isUndefined()) {
      return "undefined";
    }
    List<Solution> solutions = result.solutions();
    Solution first = solutions.getFirst();
    if (solutions.size() == 1 && first.bindings().isEmpty()) {
      if (first.expressions().size() == 1 || allBoolean(first.expressions())) {
        return OpaJson.pretty(first.expressions().getFirst().value());
      }
    }
    List<String> headers = new ArrayList<>();
    List<String> vars = new ArrayList<>(first.bindings().keySet());
    vars.sort(null);
    headers.addAll(vars);
    List<Integer> exprs = new ArrayList<>();
    for (int i = 0; i < first.expressions().size(); i++) {
      ExpressionValue e = first.expressions().get(i);
      if (!(e.value() instanceof BooleanValue) || first.bindings().isEmpty()) {
        exprs.add(i);
        headers.add(e.text());
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (Solution s : solutions) {
      List<String> row = new ArrayList<>();
      for (String var : vars) {
        row.add(cell(s.bindings().get(var)));
      }
      for (int i : exprs) {
        row.add(cell(i < s.expressions().size() ? s.expressions().get(i).value() : null));
      }
      rows.add(row);
    }
    return Table.render(headers, rows);
  }

  private static String cell(Value value) {
    String json = OpaJson.compact(value);
    return json.length() > PRETTY_LIMIT ? json.substring(0, PRETTY_LIMIT) + "..." : json;
  }

  private static boolean allBoolean(List<ExpressionValue> expressions) {
    return expressions.stream().allMatch(e -> e.value() instanceof BooleanValue);
  }

  private static ObjectValue bindings(Solution s) {
    ObjectValue.Builder b = ObjectValue.builder();
    s.bindings().forEach(b::put);
    return b.build();
  }
}
