package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.GoDuration;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Query;
import dev.weft.policy.rego.internal.Ir.Step;
import dev.weft.policy.rego.internal.builtins.BuiltinContext;
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
  private final Unification unification = new Unification(this);
  final boolean strict;
  private final long now;
  private final Consumer<String> printSink;
  private final Consumer<Value> testCases;
  private Map<Object, Object> cache;
  private dev.weft.policy.rego.NetworkAccess network = dev.weft.policy.rego.NetworkAccess.NONE;
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
      throw new EvalException(
          RegoError.EVAL_CANCEL,
          "policy evaluation exceeded its budget of " + maxSteps + " steps",
          Location.NONE);
    }
    if (!limits.timeout().isZero() && limits.ticker().getAsLong() - deadline >= 0) {
      throw new EvalException(
          RegoError.EVAL_CANCEL,
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

  /** Sets which hosts the network built-ins may reach; returns this evaluation. */
  Evaluation withNetwork(dev.weft.policy.rego.NetworkAccess access) {
    this.network = access;
    return this;
  }

  @Override
  public dev.weft.policy.rego.NetworkAccess network() {
    return network;
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
      case Ir.Unify u ->
          u.assign()
              ? term(u.right(), f, v -> bindPattern(u.left(), v, f, k))
              : unification.unify(u.left(), u.right(), f, k);
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
    return Iteration.each(
        c,
        (key, value) -> {
          tick();
          if (si.key() == null) {
            return bindPattern(si.value(), value, f, k);
          }
          return bindPattern(si.key(), key, f, () -> bindPattern(si.value(), value, f, k));
        });
  }

  private boolean every(Ir.Every e, Value domain, Value[] f) {
    if (!(domain instanceof ArrayValue
        || domain instanceof ObjectValue
        || domain instanceof SetValue)) {
      return false;
    }
    boolean[] all = {true};
    Iteration.each(
        domain,
        (key, value) -> {
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
      term(
          arg,
          f,
          v -> {
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
    return unification.bind(pattern, v, f, k);
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
          throw new EvalException(
              RegoError.UNSAFE_VAR, "var " + l.name() + " is unbound", Location.NONE);
        }
        yield v;
      }
      case Ir.InputRoot r -> env.input();
      case Ir.DataRef d -> documents.lookup(d, f);
      case Ir.Ref r -> Terms.directRef(this, r, f);
      case Ir.Call c -> {
        if (calls.isRelation(c.callee())) {
          yield ITERATE;
        }
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
