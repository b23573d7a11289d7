package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.internal.Ir.Step;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code with} keyword: evaluates one expression in a changed environment (input, data paths or
 * functions replaced, a fresh rule cache) and the rest of the body in the original one.
 */
final class With {

  private With() {}

  static boolean apply(Evaluation ev, Step s, Value[] f, Evaluation.K k) {
    Env saved = ev.env;
    Value input = saved.input();
    List<Env.DataOverride> data = new ArrayList<>(saved.dataOverrides());
    Map<Object, Object> functions = new HashMap<>(saved.functionOverrides());
    for (Ir.With w : s.withs()) {
      switch (w) {
        case Ir.WithInput wi -> {
          Value v = ev.direct(wi.value(), f);
          if (v == null || v == Evaluation.ITERATE) {
            return false;
          }
          input = Overrides.upsert(input, wi.path(), 0, v);
        }
        case Ir.WithData wd -> {
          Value v = ev.direct(wd.value(), f);
          if (v == null || v == Evaluation.ITERATE) {
            return false;
          }
          data.add(new Env.DataOverride(wd.path(), v));
        }
        case Ir.WithFunction wf -> {
          Object replacement = wf.replacement();
          if (replacement == null) {
            Value v = ev.direct(wf.value(), f);
            if (v == null || v == Evaluation.ITERATE) {
              return false;
            }
            replacement = v;
          }
          functions.put(Calls.key(wf.target()), replacement);
        }
      }
    }
    Env modified = new Env(input, List.copyOf(data), Map.copyOf(functions), new HashMap<>());
    ev.env = modified;
    try {
      return ev.stepCore(
          s,
          f,
          () -> {
            ev.env = saved;
            try {
              return k.run();
            } finally {
              ev.env = modified;
            }
          });
    } finally {
      ev.env = saved;
    }
  }
}
