package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/** The values of rules: complete documents, partial sets and objects; cached per environment. */
final class Rules {

  private final Evaluation ev;

  Rules(Evaluation ev) {
    this.ev = ev;
  }

  /** The value the rules at {@code node} define, or null when undefined. */
  Value value(DocNode node) {
    Map<DocNode, Object> memo = ev.env.memo();
    Object cached = memo.get(node);
    if (cached != null) {
      return cached == Env.UNDEFINED ? null : (Value) cached;
    }
    Value v =
        switch (node.kind) {
          case COMPLETE -> complete(node);
          case SET -> set(node);
          case OBJECT -> object(node);
          case NONE, FUNCTION -> null;
        };
    memo.put(node, v == null ? Env.UNDEFINED : v);
    return v;
  }

  private Value complete(DocNode node) {
    Value result = null;
    for (CompiledRule rule : node.rules) {
      Value v = chain(node, rule);
      if (v == null) {
        continue;
      }
      if (result == null) {
        result = v;
      } else if (!result.equals(v)) {
        throw conflict(rule);
      }
    }
    if (result == null && node.defaultRule != null) {
      result = chain(node, node.defaultRule);
    }
    return result;
  }

  private static EvalException conflict(CompiledRule rule) {
    return new EvalException(
        RegoError.EVAL_CONFLICT,
        "complete rules must not produce multiple outputs",
        rule.location());
  }

  /**
   * The value of the first rule of an else chain whose body holds, or null. Two values from one
   * solution of the body (the head iterates) are OPA's "multiple outputs" conflict; different
   * values from different solutions are "produced conflicting values".
   */
  private Value chain(DocNode node, CompiledRule first) {
    for (CompiledRule rule = first; rule != null; rule = rule.elseRule()) {
      Value[] frame = new Value[rule.frameSize()];
      Value[] out = new Value[1];
      CompiledRule r = rule;
      int mark = ev.trail.mark();
      ev.query(
          rule.body(),
          frame,
          () -> {
            int[] perSolution = {0};
            return ev.term(
                r.value(),
                frame,
                v -> {
                  if (out[0] == null) {
                    out[0] = v;
                  } else if (!out[0].equals(v)) {
                    if (perSolution[0] > 0) {
                      throw conflict(r);
                    }
                    throw new EvalException(
                        RegoError.EVAL_CONFLICT,
                        "rule " + node.pathString() + " produced conflicting values",
                        r.location());
                  }
                  perSolution[0]++;
                  return r.constantValue();
                });
          });
      ev.trail.undo(mark);
      if (out[0] != null) {
        return out[0];
      }
    }
    return null;
  }

  private Value set(DocNode node) {
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    for (CompiledRule rule : node.rules) {
      Value[] frame = new Value[rule.frameSize()];
      int mark = ev.trail.mark();
      ev.query(
          rule.body(),
          frame,
          () ->
              ev.term(
                  rule.key(),
                  frame,
                  v -> {
                    out.add(v);
                    return false;
                  }));
      ev.trail.undo(mark);
    }
    return SetValue.wrap(out);
  }

  private Value object(DocNode node) {
    Map<Value, Object> out = new LinkedHashMap<>();
    for (CompiledRule rule : node.rules) {
      Value[] frame = new Value[rule.frameSize()];
      int mark = ev.trail.mark();
      Ir.Arr suffix = new Ir.Arr(rule.suffix());
      Ir.Node leaf = rule.key() != null ? rule.key() : rule.value();
      boolean set = rule.key() != null;
      ev.query(
          rule.body(),
          frame,
          () ->
              ev.term(
                  suffix,
                  frame,
                  keys ->
                      ev.term(
                          leaf,
                          frame,
                          v -> {
                            insert(
                                out,
                                ((dev.weft.policy.rego.value.ArrayValue) keys).toArray(),
                                0,
                                v,
                                set,
                                rule);
                            return false;
                          })));
      ev.trail.undo(mark);
    }
    return build(out);
  }

  /**
   * Writes {@code v} at {@code keys} in a tree of maps; with {@code set} the leaf is a set that
   * collects the values of a multi-value rule.
   */
  @SuppressWarnings("unchecked")
  private static void insert(
      Map<Value, Object> at, Value[] keys, int i, Value v, boolean set, CompiledRule r) {
    Object existing = at.get(keys[i]);
    if (i == keys.length - 1) {
      if (set) {
        if (existing == null) {
          existing = new LinkedHashSet<Value>();
          at.put(keys[i], existing);
        } else if (!(existing instanceof LinkedHashSet)) {
          throw new EvalException(
              RegoError.EVAL_CONFLICT, "object keys must be unique", r.location());
        }
        ((LinkedHashSet<Value>) existing).add(v);
      } else if (existing == null) {
        at.put(keys[i], v);
      } else if (!(existing instanceof Value ev && ev.equals(v))) {
        throw new EvalException(
            RegoError.EVAL_CONFLICT, "object keys must be unique", r.location());
      }
      return;
    }
    if (existing == null) {
      existing = new LinkedHashMap<Value, Object>();
      at.put(keys[i], existing);
    } else if (!(existing instanceof Map)) {
      throw new EvalException(RegoError.EVAL_CONFLICT, "object keys must be unique", r.location());
    }
    insert((Map<Value, Object>) existing, keys, i + 1, v, set, r);
  }

  @SuppressWarnings("unchecked")
  private static ObjectValue build(Map<Value, Object> m) {
    ObjectValue.Builder b = ObjectValue.builder();
    m.forEach(
        (k, v) ->
            b.put(
                k,
                switch (v) {
                  case Value value -> value;
                  case LinkedHashSet<?> set -> SetValue.wrap((LinkedHashSet<Value>) set);
                  default -> build((Map<Value, Object>) v);
                }));
    return b.build();
  }
}
