package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Evaluation.VK;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Evaluation of references, composites and comprehensions. */
final class Terms {

  private Terms() {}

  /** A reference on a non-data head, without iteration; see {@link Evaluation#direct}. */
  static Value directRef(Evaluation ev, Ir.Ref r, Value[] f) {
    Value v = ev.direct(r.head(), f);
    if (v == null || v == Evaluation.ITERATE) {
      return v;
    }
    for (Node seg : r.path()) {
      if (seg instanceof Ir.Local l && f[l.slot()] == null) {
        return Evaluation.ITERATE;
      }
      Value key = ev.direct(seg, f);
      if (key == null || key == Evaluation.ITERATE) {
        return key;
      }
      v = Evaluation.select(v, key);
      if (v == null) {
        return null;
      }
    }
    return v;
  }

  /** Composites and comprehensions, without iteration; see {@link Evaluation#direct}. */
  static Value directComposite(Evaluation ev, Node n, Value[] f) {
    switch (n) {
      case Ir.Arr a -> {
        Value[] out = new Value[a.elements().length];
        for (int i = 0; i < out.length; i++) {
          Value v = ev.direct(a.elements()[i], f);
          if (v == null || v == Evaluation.ITERATE) {
            return v;
          }
          out[i] = v;
        }
        return ArrayValue.wrap(out);
      }
      case Ir.SetLit s -> {
        LinkedHashSet<Value> out = new LinkedHashSet<>();
        for (Node e : s.elements()) {
          Value v = ev.direct(e, f);
          if (v == null || v == Evaluation.ITERATE) {
            return v;
          }
          out.add(v);
        }
        return SetValue.wrap(out);
      }
      case Ir.Obj o -> {
        ObjectValue.Builder b = ObjectValue.builder();
        for (int i = 0; i < o.keys().length; i++) {
          Value k = ev.direct(o.keys()[i], f);
          if (k == null || k == Evaluation.ITERATE) {
            return k;
          }
          Value v = ev.direct(o.values()[i], f);
          if (v == null || v == Evaluation.ITERATE) {
            return v;
          }
          b.put(k, v);
        }
        return b.build();
      }
      case Ir.ArrCompr c -> {
        List<Value> out = new ArrayList<>();
        collect(
            ev,
            c.body(),
            f,
            () ->
                ev.term(
                    c.head(),
                    f,
                    v -> {
                      out.add(v);
                      return false;
                    }));
        return ArrayValue.of(out);
      }
      case Ir.SetCompr c -> {
        LinkedHashSet<Value> out = new LinkedHashSet<>();
        collect(
            ev,
            c.body(),
            f,
            () ->
                ev.term(
                    c.head(),
                    f,
                    v -> {
                      out.add(v);
                      return false;
                    }));
        return SetValue.wrap(out);
      }
      case Ir.ObjCompr c -> {
        Map<Value, Value> out = new LinkedHashMap<>();
        collect(
            ev,
            c.body(),
            f,
            () ->
                ev.term(
                    c.key(),
                    f,
                    k ->
                        ev.term(
                            c.value(),
                            f,
                            v -> {
                              Value prior = out.putIfAbsent(k, v);
                              if (prior != null && !prior.equals(v)) {
                                throw new EvalException(
                                    RegoError.EVAL_CONFLICT,
                                    "object keys must be unique",
                                    c.location());
                              }
                              return false;
                            })));
        return ObjectValue.of(out);
      }
      default -> throw new IllegalStateException("not a composite: " + n);
    }
  }

  private static void collect(Evaluation ev, Ir.Query body, Value[] f, Evaluation.K k) {
    int mark = ev.trail.mark();
    ev.query(body, f, k);
    ev.trail.undo(mark);
  }

  /** Evaluates a term that iterates (it has an unbound variable in a reference). */
  static boolean iterate(Evaluation ev, Node n, Value[] f, VK k) {
    return switch (n) {
      case Ir.Ref r -> ev.term(r.head(), f, h -> navigate(ev, h, r.path(), 0, f, k));
      case Ir.DataRef d -> ev.documents.iterate(d, f, k);
      case Ir.Arr a ->
          all(
              ev,
              a.elements(),
              0,
              new Value[a.elements().length],
              f,
              vs -> k.accept(ArrayValue.wrap(vs.clone())));
      case Ir.SetLit s ->
          all(
              ev,
              s.elements(),
              0,
              new Value[s.elements().length],
              f,
              vs -> k.accept(SetValue.of(vs)));
      case Ir.Obj o -> {
        Node[] both = new Node[o.keys().length * 2];
        for (int i = 0; i < o.keys().length; i++) {
          both[2 * i] = o.keys()[i];
          both[2 * i + 1] = o.values()[i];
        }
        yield all(
            ev,
            both,
            0,
            new Value[both.length],
            f,
            vs -> {
              ObjectValue.Builder b = ObjectValue.builder();
              for (int i = 0; i < vs.length; i += 2) {
                b.put(vs[i], vs[i + 1]);
              }
              return k.accept(b.build());
            });
      }
      case Ir.Call c -> {
        Node[] args = c.args();
        int[] order = unboundLocalsLast(args, f);
        Value[] acc = new Value[args.length];
        yield ordered(
            ev,
            args,
            order,
            0,
            acc,
            f,
            vs -> {
              if (ev.calls.isRelation(c.callee())) {
                return ev.calls.each(c.callee(), vs.clone(), c.location(), k);
              }
              Value v = ev.calls.call(c.callee(), vs.clone(), c.location());
              return v != null && k.accept(v);
            });
      }
      default -> {
        Value v = ev.direct(n, f);
        yield v != null && v != Evaluation.ITERATE && k.accept(v);
      }
    };
  }

  @FunctionalInterface
  interface ValuesK {
    boolean accept(Value[] values);
  }

  private static boolean all(
      Evaluation ev, Node[] nodes, int i, Value[] acc, Value[] f, ValuesK k) {
    if (i == nodes.length) {
      return k.accept(acc);
    }
    return ev.term(
        nodes[i],
        f,
        v -> {
          acc[i] = v;
          return all(ev, nodes, i + 1, acc, f, k);
        });
  }

  /**
   * The order to evaluate call arguments in: as written, except that bare variables not yet bound
   * come last (a reference among the other arguments binds them).
   */
  private static int[] unboundLocalsLast(Node[] args, Value[] f) {
    int[] order = new int[args.length];
    int n = 0;
    for (int i = 0; i < args.length; i++) {
      if (!(args[i] instanceof Ir.Local l && f[l.slot()] == null)) {
        order[n++] = i;
      }
    }
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Ir.Local l && f[l.slot()] == null) {
        order[n++] = i;
      }
    }
    return order;
  }

  private static boolean ordered(
      Evaluation ev, Node[] nodes, int[] order, int i, Value[] acc, Value[] f, ValuesK k) {
    if (i == nodes.length) {
      return k.accept(acc);
    }
    return ev.term(
        nodes[order[i]],
        f,
        v -> {
          acc[order[i]] = v;
          return ordered(ev, nodes, order, i + 1, acc, f, k);
        });
  }

  /** Navigates {@code v} by {@code path[i..]}, iterating unbound variable segments. */
  static boolean navigate(Evaluation ev, Value v, Node[] path, int i, Value[] f, VK k) {
    if (i == path.length) {
      return k.accept(v);
    }
    Node seg = path[i];
    if (seg instanceof Ir.Local l && f[l.slot()] == null) {
      return Iteration.each(
          v,
          (key, value) -> {
            ev.tick();
            int mark = ev.trail.mark();
            ev.trail.bind(f, l.slot(), key);
            boolean stop = navigate(ev, value, path, i + 1, f, k);
            ev.trail.undo(mark);
            return stop;
          });
    }
    return ev.term(
        seg,
        f,
        key -> {
          Value next = Evaluation.select(v, key);
          return next != null && navigate(ev, next, path, i + 1, f, k);
        });
  }
}
