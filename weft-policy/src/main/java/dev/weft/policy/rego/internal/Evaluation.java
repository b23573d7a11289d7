package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.GoDuration;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.ast.Location;
import dev.weft.policy.rego.builtins.BuiltinContext;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Query;
import dev.weft.policy.rego.internal.Ir.Step;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One evaluation of a query: top-down, depth-first, with backtracking. Every evaluation step takes
 * a continuation and returns whether the evaluation should stop (a negation or an early exit found
 * what it needed). Bindings live in frames of slots and are undone through the {@link Trail}. Not
 * thread-safe: one instance per query evaluation.
 */
final class Evaluation implements BuiltinContext {

  /** A continuation without a value. Returns true to stop the evaluation. */
  @FunctionalInterface
  interface K {
    boolean run();
  }

  /** A continuation taking a value. Returns true to stop the evaluation. */
  @FunctionalInterface
  interface VK {
    boolean accept(Value v);
  }

  /** The marker {@link #direct} returns when a term iterates and needs {@link #term}. */
  static final Value ITERATE = StringValue.of("\u0000iterate");

  final Trail trail = new Trail();
  final ObjectValue data;
  final DocNode root;
  final Documents documents;
  final Calls calls;
  final boolean strict;
  private final long now;
  private final Consumer<String> printSink;
  private final Consumer<Value> testCases;
  private Map<Object, Object> cache;
  Env env;

  // Bounds: the steps taken, the step count at which to look at the limits next, the budget
  // (Long.MAX_VALUE - 1 when none) and the deadline on the limits' ticker.
  private final EvalLimits limits;
  private final long maxSteps;
  private final long deadline;
  private long steps;
  private long nextCheck;

  Evaluation(
      ObjectValue data,
      DocNode root,
      Value input,
      long now,
      Consumer<String> print,
      boolean strict,
      EvalLimits limits,
      Consumer<Value> testCases) {
    this.testCases = testCases;
    this.data = data;
    this.root = root;
    this.env = Env.of(input);
    this.now = now;
    this.printSink = print;
    this.strict = strict;
    this.documents = new Documents(this);
    this.calls = new Calls(this);
    this.limits = limits;
    this.maxSteps = limits.maxSteps() > 0 ? limits.maxSteps() : Long.MAX_VALUE - 1;
    this.deadline =
        limits.timeout().isZero() ? 0 : limits.ticker().getAsLong() + limits.timeout().toNanos();
    this.nextCheck = nextCheck();
  }

  /**
   * Counts one evaluation step; past the step budget, or past the deadline (read every {@link
   * EvalLimits#CHECK_EVERY} steps), ends the evaluation with an {@code eval_cancel_error}.
   */
  void tick() {
    if (++steps >= nextCheck) {
      checkLimits();
    }
  }

  private void checkLimits() {
    if (steps > maxSteps) {
      throw new EvalException(RegoError.EVAL_CANCEL,
          "policy evaluation exceeded its budget of " + maxSteps + " steps", Location.NONE);
    }
    if (!limits.timeout().isZero() && limits.ticker().getAsLong() - deadline >= 0) {
      throw new EvalException(RegoError.EVAL_CANCEL,
          "policy evaluation exceeded its deadline of " + GoDuration.format(limits.timeout()),
          Location.NONE);
    }
    nextCheck = nextCheck();
  }

  private long nextCheck() {
    return limits.timeout().isZero()
        ? maxSteps + 1
        : Math.min(steps + EvalLimits.CHECK_EVERY, maxSteps + 1);
  }

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public void print(String line) {
    printSink.accept(line);
  }

  @Override
  public Map<Object, Object> cache() {
    if (cache == null) {
      cache = new HashMap<>();
    }
    return cache;
  }

  // ---- bodies ----

  boolean query(Query q, Value[] f, K k) {
    return steps(q.steps(), 0, f, k);
  }

  private boolean steps(Step[] steps, int i, Value[] f, K k) {
    if (i == steps.length) {
      return k.run();
    }
    return step(steps[i], f, () -> steps(steps, i + 1, f, k));
  }

  boolean step(Step s, Value[] f, K k) {
    tick();
    if (s.withs().length > 0) {
      return With.apply(this, s, f, k);
    }
    return stepCore(s, f, k);
  }

  boolean stepCore(Step s, Value[] f, K k) {
    return switch (s) {
      case Ir.Test t -> term(t.term(), f, v -> v != BooleanValue.FALSE && k.run());
      case Ir.Unify u -> u.assign() ? term(u.right(), f, v -> bindPattern(u.left(), v, f, k))
          : unify(u.left(), u.right(), f, k);
      case Ir.Not n -> {
        int mark = trail.mark();
        boolean found = step(n.inner(), f, () -> true);
        trail.undo(mark);
        yield !found && k.run();
      }
      case Ir.SomeIn si -> term(si.collection(), f, c -> someIn(si, c, f, k));
      case Ir.Every e -> term(e.domain(), f, d -> every(e, d, f) && k.run());
      case Ir.Print p -> {
        print(p, f);
        yield k.run();
      }
      case Ir.TestCase t -> {
        Value[] keys = new Value[t.keys().length];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = direct(t.keys()[i], f);
          if (keys[i] == null || keys[i] == ITERATE) {
            yield k.run();
          }
        }
        testCases.accept(ArrayValue.wrap(keys));
        yield k.run();
      }
    };
  }

  private boolean someIn(Ir.SomeIn si, Value c, Value[] f, K k) {
    return Iteration.each(c, (key, value) -> {
      tick();
      if (si.key() == null) {
        return bindPattern(si.value(), value, f, k);
      }
      return bindPattern(si.key(), key, f, () -> bindPattern(si.value(), value, f, k));
    });
  }

  private boolean every(Ir.Every e, Value domain, Value[] f) {
    if (!(domain instanceof ArrayValue || domain instanceof ObjectValue || domain instanceof SetValue)) {
      return false;
    }
    boolean[] all = {true};
    Iteration.each(domain, (key, value) -> {
      tick();
      int mark = trail.mark();
      if (e.key() != null) {
        trail.bind(f, e.key().slot(), key);
      }
      trail.bind(f, e.value().slot(), value);
      boolean ok = query(e.body(), f, () -> true);
      trail.undo(mark);
      if (!ok) {
        all[0] = false;
        return true; // stop iterating
      }
      return false;
    });
    return all[0];
  }

  private void print(Ir.Print p, Value[] f) {
    StringBuilder line = new StringBuilder();
    for (Node arg : p.args()) {
      if (!line.isEmpty()) {
        line.append(' ');
      }
      List<Value> values = new ArrayList<>();
      int mark = trail.mark();
      term(arg, f, v -> {
        values.add(v);
        return false;
      });
      trail.undo(mark);
      if (values.isEmpty()) {
        line.append("<undefined>");
      } else if (values.size() == 1) {
        Value v = values.getFirst();
        line.append(v instanceof StringValue s ? s.value() : v.toString());
      } else {
        line.append(SetValue.of(values));
      }
    }
    print(line.toString());
  }

  // ---- unification ----

  /** Unifies a pattern with a value: binds the pattern's unbound variables, compares the rest. */
  boolean bindPattern(Node pattern, Value v, Value[] f, K k) {
    switch (pattern) {
      case Ir.Local l -> {
        Value bound = f[l.slot()];
        if (bound != null) {
          return bound.equals(v) && k.run();
        }
        int mark = trail.mark();
        trail.bind(f, l.slot(), v);
        boolean stop = k.run();
        trail.undo(mark);
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
        return term(pattern, f, x -> x.equals(v) && k.run());
      }
    }
  }

  private boolean elements(Node[] ps, ArrayValue arr, int i, Value[] f, K k) {
    if (i == ps.length) {
      return k.run();
    }
    return bindPattern(ps[i], arr.get(i), f, () -> elements(ps, arr, i + 1, f, k));
  }

  private boolean entries(Ir.Obj o, ObjectValue obj, int i, Value[] f, K k) {
    if (i == o.keys().length) {
      return k.run();
    }
    return term(o.keys()[i], f, key -> {
      Value v = obj.get(key);
      return v != null && bindPattern(o.values()[i], v, f, () -> entries(o, obj, i + 1, f, k));
    });
  }

  /**
   * {@code left = right}: evaluates whichever side is known and binds the other. When neither is,
   * both are composites: they are taken apart into pairs of parts, and the pairs are unified in an
   * order where one side of each is known by then ({@code [x, y] = [y, 1]} binds y, then x).
   */
  private boolean unify(Node left, Node right, Value[] f, K k) {
    if (known(left, f)) {
      return term(left, f, v -> bindPattern(right, v, f, k));
    }
    if (known(right, f)) {
      return term(right, f, v -> bindPattern(left, v, f, k));
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
      Value key = direct(o.keys()[i], f);
      if (key == null || key == ITERATE) {
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
    throw new EvalException(
        RegoError.UNSAFE_VAR, "cannot unify two unbound terms", Location.NONE);
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

  // ---- terms ----

  /** Evaluates a term, calling {@code k} once per value (refs with unbound variables iterate). */
  boolean term(Node n, Value[] f, VK k) {
    Value v = direct(n, f);
    if (v == null) {
      return false;
    }
    if (v != ITERATE) {
      return k.accept(v);
    }
    return Terms.iterate(this, n, f, k);
  }

  /**
   * Evaluates a term that does not iterate: its value, null when undefined, or {@link #ITERATE}
   * when it has an unbound variable in a reference and must go through {@link #term}.
   */
  Value direct(Node n, Value[] f) {
    return switch (n) {
      case Ir.Const c -> c.value();
      case Ir.Local l -> {
        Value v = f[l.slot()];
        if (v == null) {
          throw new EvalException(RegoError.UNSAFE_VAR, "var " + l.name() + " is unbound",
              Location.NONE);
        }
        yield v;
      }
      case Ir.InputRoot r -> env.input();
      case Ir.DataRef d -> documents.lookup(d, f);
      case Ir.Ref r -> Terms.directRef(this, r, f);
      case Ir.Call c -> {
        Value[] args = new Value[c.args().length];
        for (int i = 0; i < args.length; i++) {
          if (c.args()[i] instanceof Ir.Local l && f[l.slot()] == null) {
            yield ITERATE; // bound by a reference among the other arguments
          }
          Value a = direct(c.args()[i], f);
          if (a == null || a == ITERATE) {
            yield a;
          }
          args[i] = a;
        }
        yield calls.call(c.callee(), args, c.location());
      }
      default -> Terms.directComposite(this, n, f);
    };
  }

  /** A number for an array index, or -1. */
  static int index(Value key) {
    if (key instanceof NumberValue n && n.isLong()) {
      long l = n.longValue();
      return l >= 0 && l <= Integer.MAX_VALUE ? (int) l : -1;
    }
    return -1;
  }

  /** One step of plain navigation: {@code v[key]}, or null. */
  static Value select(Value v, Value key) {
    return switch (v) {
      case ObjectValue o -> o.get(key);
      case ArrayValue a -> {
        int i = index(key);
        yield i >= 0 && i < a.size() ? a.get(i) : null;
      }
      case SetValue s -> s.contains(key) ? key : null;
      default -> null;
    };
  }

  static SetValue setOf(LinkedHashSet<Value> values) {
    return SetValue.wrap(values);
  }
}
