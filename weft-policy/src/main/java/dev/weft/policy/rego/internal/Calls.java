package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.builtins.BuiltinException;
import dev.weft.policy.rego.value.Value;

/** Calls of built-ins and user functions, honouring {@code with} replacements. */
final class Calls {

  private final Evaluation ev;

  Calls(Evaluation ev) {
    this.ev = ev;
  }

  /** The call's result, or null when undefined. */
  Value call(Ir.Callee callee, Value[] args, Location loc) {
    if (!ev.env.functionOverrides().isEmpty()) {
      Object key = key(callee);
      Object replacement = ev.env.functionOverrides().get(key);
      if (replacement instanceof Value v) {
        return v;
      }
      if (replacement instanceof Ir.Callee other && other != callee) {
        // As in OPA, no replacement applies inside a replacement: it calls the originals (its
        // own with modifiers still apply).
        Env saved = ev.env;
        ev.env =
            new Env(
                saved.input(),
                saved.dataOverrides(),
                java.util.Map.of(),
                new java.util.HashMap<>());
        try {
          return invoke(other, args, loc);
        } finally {
          ev.env = saved;
        }
      }
    }
    return invoke(callee, args, loc);
  }

  static Object key(Ir.Callee callee) {
    return switch (callee) {
      case Ir.BuiltinCallee b -> b.name();
      case Ir.FunctionCallee f -> f.node();
    };
  }

  private Value invoke(Ir.Callee callee, Value[] args, Location loc) {
    return switch (callee) {
      case Ir.BuiltinCallee b -> builtin(b, args, loc);
      case Ir.FunctionCallee f -> function(f.node(), args);
    };
  }

  private Value builtin(Ir.BuiltinCallee b, Value[] args, Location loc) {
    try {
      return b.builtin().call(ev, args);
    } catch (BuiltinException e) {
      return failed(b, e, loc);
    }
  }

  private Value failed(Ir.BuiltinCallee b, BuiltinException e, Location loc) {
    if (e.haltCode() != null) {
      throw new EvalException(e.haltCode(), e.getMessage(), loc);
    }
    if (!ev.strict) {
      return null;
    }
    throw new EvalException(
        e.isTypeError() ? RegoError.EVAL_TYPE : RegoError.EVAL_BUILTIN,
        b.name() + ": " + e.getMessage(),
        loc);
  }

  /** Whether the callee is a relation built-in (with no replacement in force). */
  boolean isRelation(Ir.Callee callee) {
    return callee instanceof Ir.BuiltinCallee b
        && b.builtin().isRelation()
        && !ev.env.functionOverrides().containsKey(key(callee));
  }

  /** Each result of a relation built-in, to {@code k} until it asks to stop. */
  boolean each(Ir.Callee callee, Value[] args, Location loc, Evaluation.VK k) {
    Ir.BuiltinCallee b = (Ir.BuiltinCallee) callee;
    try {
      return b.builtin().callEach(ev, args, k::accept);
    } catch (BuiltinException e) {
      failed(b, e, loc);
      return false;
    }
  }

  private Value function(DocNode node, Value[] args) {
    Value result = null;
    for (CompiledRule rule : node.rules) {
      Value v = chain(rule, args);
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
      result = chain(node.defaultRule, args);
    }
    return result;
  }

  private static EvalException conflict(CompiledRule rule) {
    return new EvalException(
        RegoError.EVAL_CONFLICT,
        "functions must not produce multiple outputs for same inputs",
        rule.location());
  }

  private Value chain(CompiledRule first, Value[] args) {
    for (CompiledRule rule = first; rule != null; rule = rule.elseRule()) {
      Value[] frame = new Value[rule.frameSize()];
      Value[] out = new Value[1];
      CompiledRule r = rule;
      int mark = ev.trail.mark();
      params(
          r,
          args,
          0,
          frame,
          () ->
              ev.query(
                  r.body(),
                  frame,
                  () ->
                      ev.term(
                          r.value(),
                          frame,
                          v -> {
                            if (out[0] == null) {
                              out[0] = v;
                            } else if (!out[0].equals(v)) {
                              throw conflict(r);
                            }
                            return r.constantValue();
                          })));
      ev.trail.undo(mark);
      if (out[0] != null) {
        return out[0];
      }
    }
    return null;
  }

  private boolean params(CompiledRule r, Value[] args, int i, Value[] frame, Evaluation.K k) {
    if (r.params() == null || i == r.params().length) {
      return k.run();
    }
    return ev.bindPattern(r.params()[i], args[i], frame, () -> params(r, args, i + 1, frame, k));
  }
}
