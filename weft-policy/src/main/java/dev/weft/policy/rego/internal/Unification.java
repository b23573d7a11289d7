package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Evaluation.K;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Unification for one {@link Evaluation}: a pattern against a value ({@code :=}, function
 * parameters, {@code some ... in}), and two terms against each other ({@code =}), binding the
 * unbound variables of either side. Not thread-safe, as its evaluation.
 */
final class Unification {

  private final Evaluation ev;

  Unification(Evaluation ev) {
    this.ev = ev;
  }

  /** Unifies a pattern with a value: binds the pattern's unbound variables, compares the rest. */
  boolean bind(Node pattern, Value v, Value[] f, K k) {
    switch (pattern) {
      case Ir.Local l -> {
        Value bound = f[l.slot()];
        if (bound != null) {
          return bound.equals(v) && k.run();
        }
        int mark = ev.trail.mark();
        ev.trail.bind(f, l.slot(), v);
        boolean stop = k.run();
        ev.trail.undo(mark);
        return stop;
      }
      case Ir.Const c -> {
        return c.value().equals(v) && k.run();
      }
      case Ir.Arr a -> {
        if (!(v instanceof ArrayValue arr) || arr.size() != a.elements().length) {
          return false;
        }
        return elements(a.elements(), arr, 0, f, k);
      }
      case Ir.Obj o -> {
        if (!(v instanceof ObjectValue obj) || obj.size() != o.keys().length) {
          return false;
        }
        return entries(o, obj, 0, f, k);
      }
      default -> {
        return ev.term(pattern, f, x -> x.equals(v) && k.run());
      }
    }
  }

  private boolean elements(Node[] ps, ArrayValue arr, int i, Value[] f, K k) {
    if (i == ps.length) {
      return k.run();
    }
    return bind(ps[i], arr.get(i), f, () -> elements(ps, arr, i + 1, f, k));
  }

  private boolean entries(Ir.Obj o, ObjectValue obj, int i, Value[] f, K k) {
    if (i == o.keys().length) {
      return k.run();
    }
    return ev.term(
        o.keys()[i],
        f,
        key -> {
          Value v = obj.get(key);
          return v != null && bind(o.values()[i], v, f, () -> entries(o, obj, i + 1, f, k));
        });
  }

  /**
   * {@code left = right}: evaluates whichever side is known and binds the other. When neither is,
   * both are composites: they are taken apart into pairs of parts, and the pairs are unified in an
   * order where one side of each is known by then ({@code [x, y] = [y, 1]} binds y, then x).
   */
  boolean unify(Node left, Node right, Value[] f, K k) {
    if (known(left, f)) {
      return ev.term(left, f, v -> bind(right, v, f, k));
    }
    if (known(right, f)) {
      return ev.term(right, f, v -> bind(left, v, f, k));
    }
    List<Node[]> pairs = new ArrayList<>();
    if (!split(left, right, f, pairs)) {
      return false;
    }
    return unifyPairs(pairs, f, k);
  }

  /**
   * Adds the pairs of parts of two composites of one shape to {@code out}, recursively; returns
   * false when the shapes differ (the unification fails). A pair that cannot be taken apart is
   * added whole.
   */
  private boolean split(Node left, Node right, Value[] f, List<Node[]> out) {
    if (known(left, f) || known(right, f)) {
      out.add(new Node[] {left, right});
      return true;
    }
    if (left instanceof Ir.Arr a && right instanceof Ir.Arr b) {
      if (a.elements().length != b.elements().length) {
        return false;
      }
      for (int i = 0; i < a.elements().length; i++) {
        if (!split(a.elements()[i], b.elements()[i], f, out)) {
          return false;
        }
      }
      return true;
    }
    if (left instanceof Ir.Obj a && right instanceof Ir.Obj b) {
      Value[] ka = groundKeys(a, f);
      Value[] kb = groundKeys(b, f);
      if (ka == null || kb == null) {
        out.add(new Node[] {left, right});
        return true;
      }
      if (ka.length != kb.length) {
        return false;
      }
      for (int i = 0; i < ka.length; i++) {
        int match = -1;
        for (int j = 0; j < kb.length && match < 0; j++) {
          if (kb[j].equals(ka[i])) {
            match = j;
          }
        }
        if (match < 0 || !split(a.values()[i], b.values()[match], f, out)) {
          return false;
        }
      }
      return true;
    }
    if ((left instanceof Ir.Arr || left instanceof Ir.Obj)
        && (right instanceof Ir.Arr || right instanceof Ir.Obj)) {
      return false;
    }
    out.add(new Node[] {left, right});
    return true;
  }

  /** The keys of an object pattern when each can be evaluated without iterating, else null. */
  private Value[] groundKeys(Ir.Obj o, Value[] f) {
    Value[] keys = new Value[o.keys().length];
    for (int i = 0; i < keys.length; i++) {
      if (!known(o.keys()[i], f)) {
        return null;
      }
      Value key = ev.direct(o.keys()[i], f);
      if (key == null || key == Evaluation.ITERATE) {
        return null;
      }
      keys[i] = key;
    }
    return keys;
  }

  /** Unifies the pairs, each once one of its sides is known. */
  private boolean unifyPairs(List<Node[]> pairs, Value[] f, K k) {
    if (pairs.isEmpty()) {
      return k.run();
    }
    for (int i = 0; i < pairs.size(); i++) {
      Node[] pair = pairs.get(i);
      if (known(pair[0], f) || known(pair[1], f)) {
        List<Node[]> rest = new ArrayList<>(pairs);
        rest.remove(i);
        return unify(pair[0], pair[1], f, () -> unifyPairs(rest, f, k));
      }
    }
    throw new EvalException(RegoError.UNSAFE_VAR, "cannot unify two unbound terms", Location.NONE);
  }

  /** Whether a term can be evaluated now (its pattern variables are bound). */
  private static boolean known(Node n, Value[] f) {
    return switch (n) {
      case Ir.Local l -> f[l.slot()] != null;
      case Ir.Arr a -> {
        for (Node e : a.elements()) {
          if (!known(e, f)) {
            yield false;
          }
        }
        yield true;
      }
      case Ir.Obj o -> {
        for (Node e : o.values()) {
          if (!known(e, f)) {
            yield false;
          }
        }
        yield true;
      }
      default -> true;
    };
  }
}
