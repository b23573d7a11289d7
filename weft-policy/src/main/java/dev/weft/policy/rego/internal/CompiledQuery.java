package dev.weft.policy.rego.internal;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.QueryResult;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled query. Immutable and thread-safe: each evaluation has its own state.
 *
 * <p>As OPA does, a query of one expression without variables returns the expression's value even
 * when it is {@code false}; in longer queries a {@code false} expression fails the query.
 */
public final class CompiledQuery {

  private final CompiledModules modules;
  private final Ir.Query query;
  private final List<Ir.Step> original;
  private final List<String> texts;
  private final Body body;
  private final int frameSize;
  private final List<Ir.Local> named;
  private final boolean captureOnly;

  CompiledQuery(
      CompiledModules modules,
      Ir.Query query,
      List<Ir.Step> original,
      List<String> texts,
      Body body,
      int frameSize,
      List<Ir.Local> named) {
    this.modules = modules;
    this.query = query;
    this.original = original;
    this.texts = texts;
    this.body = body;
    this.frameSize = frameSize;
    this.named = named;
    this.captureOnly =
        query.steps().length == 1
            && query.steps()[0] instanceof Ir.Test t
            && t.withs().length == 0
            && frameSize == 0;
  }

  private Evaluation start(EvalOptions options) {
    Instant now = options.clock().instant();
    long nanos =
        Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    return new Evaluation(
            modules.data(),
            modules.root(),
            options.input(),
            nanos,
            options.print(),
            options.strictBuiltinErrors(),
            options.limits(),
            options.testCases())
        .withNetwork(options.network());
  }

  /**
   * Every solution.
   *
   * @throws PolicyException for an evaluation error
   */
  public QueryResult evaluate(EvalOptions options) throws PolicyException {
    Evaluation ev = start(options);
    Value[] frame = new Value[frameSize];
    List<QueryResult.Solution> out = new ArrayList<>();
    try {
      if (captureOnly) {
        ev.term(
            ((Ir.Test) query.steps()[0]).term(),
            frame,
            v -> {
              out.add(new QueryResult.Solution(List.of(expression(0, v)), Map.of()));
              return false;
            });
      } else {
        ev.query(
            query,
            frame,
            () -> {
              out.add(solution(ev, frame));
              return false;
            });
      }
    } catch (EvalException e) {
      throw new PolicyException(List.of(e.error()));
    } catch (StackOverflowError e) {
      throw tooDeep();
    }
    return new QueryResult(out);
  }

  /**
   * The value of the first expression in the first solution, or null when undefined.
   *
   * @throws PolicyException for an evaluation error
   */
  public Value evaluateFirst(EvalOptions options) throws PolicyException {
    Evaluation ev = start(options);
    Value[] frame = new Value[frameSize];
    try {
      if (captureOnly) {
        Ir.Node term = ((Ir.Test) query.steps()[0]).term();
        Value v = ev.direct(term, frame);
        if (v != Evaluation.ITERATE) {
          return v;
        }
        Value[] first = new Value[1];
        ev.term(
            term,
            frame,
            x -> {
              first[0] = x;
              return true;
            });
        return first[0];
      }
      Value[] first = new Value[1];
      ev.query(
          query,
          frame,
          () -> {
            first[0] = solution(ev, frame).expressions().getFirst().value();
            return true;
          });
      return first[0];
    } catch (EvalException e) {
      throw new PolicyException(List.of(e.error()));
    } catch (StackOverflowError e) {
      throw tooDeep();
    }
  }

  private static PolicyException tooDeep() {
    return new PolicyException(
        List.of(
            new RegoError(
                RegoError.EVAL_BUILTIN,
                "evaluation nested too deeply",
                dev.weft.policy.rego.Location.NONE,
                null)));
  }

  private QueryResult.Solution solution(Evaluation ev, Value[] frame) {
    List<QueryResult.ExpressionValue> exprs = new ArrayList<>(original.size());
    for (int i = 0; i < original.size(); i++) {
      Value v = BooleanValue.TRUE;
      if (original.get(i) instanceof Ir.Test t && t.withs().length == 0) {
        Value direct = ev.direct(t.term(), frame);
        if (direct != null && direct != Evaluation.ITERATE) {
          v = direct;
        }
      }
      exprs.add(expression(i, v));
    }
    Map<String, Value> bindings = new LinkedHashMap<>();
    for (Ir.Local l : named) {
      Value v = frame[l.slot()];
      if (v != null) {
        bindings.put(l.name(), v);
      }
    }
    return new QueryResult.Solution(exprs, bindings);
  }

  private QueryResult.ExpressionValue expression(int i, Value v) {
    String text = i < texts.size() ? texts.get(i) : "";
    return new QueryResult.ExpressionValue(v, text, body.exprs().get(i).location());
  }
}
