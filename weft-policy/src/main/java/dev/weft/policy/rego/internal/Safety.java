package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Query;
import dev.weft.policy.rego.internal.Ir.Step;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Variable safety, as OPA's compiler checks it: which variables each step reads (they must be bound
 * before it runs) and which it binds, and the order of a body's steps that satisfies that.
 */
final class Safety {

  private Safety() {}

  /**
   * Records the slots {@code n} reads into {@code ins} and those it binds into {@code outs}. A
   * pattern position (either side of {@code =}, the left of {@code :=}) binds its variables; a
   * variable used as a reference segment is iterated, so it binds too.
   */
  static void scan(Node n, boolean pattern, BitSet ins, BitSet outs, TermCompiler terms) {
    switch (n) {
      case Ir.Const c -> {}
      case Ir.InputRoot r -> {}
      case Ir.Local l -> (pattern ? outs : ins).set(l.slot());
      case Ir.DataRef d -> segments(d.rest(), ins, outs, terms);
      case Ir.Ref r -> {
        scan(r.head(), false, ins, outs, terms);
        segments(r.path(), ins, outs, terms);
      }
      case Ir.Arr a -> {
        for (Node e : a.elements()) {
          scan(e, pattern, ins, outs, terms);
        }
      }
      case Ir.SetLit s -> {
        for (Node e : s.elements()) {
          scan(e, false, ins, outs, terms);
        }
      }
      case Ir.Obj o -> {
        for (int i = 0; i < o.keys().length; i++) {
          scan(o.keys()[i], false, ins, outs, terms);
          scan(o.values()[i], pattern, ins, outs, terms);
        }
      }
      case Ir.Call c -> {
        for (Node a : c.args()) {
          scan(a, false, ins, outs, terms);
        }
      }
      case Ir.ArrCompr c -> ins.or(terms.freeSlots.get(c));
      case Ir.SetCompr c -> ins.or(terms.freeSlots.get(c));
      case Ir.ObjCompr c -> ins.or(terms.freeSlots.get(c));
    }
  }

  private static void segments(Node[] path, BitSet ins, BitSet outs, TermCompiler terms) {
    for (Node seg : path) {
      if (seg instanceof Ir.Local l) {
        outs.set(l.slot());
      } else {
        scan(seg, false, ins, outs, terms);
      }
    }
  }

  /** The slots a step reads and binds. */
  static void scan(Step s, BitSet ins, BitSet outs, TermCompiler terms) {
    switch (s) {
      case Ir.Test t -> scan(t.term(), false, ins, outs, terms);
      case Ir.Unify u -> {
        scan(u.left(), true, ins, outs, terms);
        scan(u.right(), !u.assign(), ins, outs, terms);
      }
      case Ir.Not n -> {
        BitSet inner = new BitSet();
        scan(n.inner(), inner, inner, terms);
        for (int i = inner.nextSetBit(0); i >= 0; i = inner.nextSetBit(i + 1)) {
          if (!terms.generated(i)) {
            ins.set(i);
          }
        }
      }
      case Ir.SomeIn si -> {
        scan(si.collection(), false, ins, outs, terms);
        if (si.key() != null) {
          scan(si.key(), true, ins, outs, terms);
        }
        scan(si.value(), true, ins, outs, terms);
      }
      case Ir.Every e -> {
        scan(e.domain(), false, ins, outs, terms);
        ins.or(terms.freeSlots.get(e));
      }
      case Ir.Print p -> {
        for (Node a : p.args()) {
          scan(a, false, ins, outs, terms);
        }
      }
      case Ir.TestCase t -> {
        for (Node a : t.keys()) {
          scan(a, false, ins, outs, terms);
        }
      }
    }
    for (Ir.With w : s.withs()) {
      Node v =
          switch (w) {
            case Ir.WithInput wi -> wi.value();
            case Ir.WithData wd -> wd.value();
            case Ir.WithFunction wf -> wf.value();
          };
      if (v != null) {
        scan(v, false, ins, new BitSet(), terms);
      }
    }
  }

  /** Every slot a query reads or binds. */
  static BitSet slotsUsed(Query q, TermCompiler terms) {
    BitSet all = new BitSet();
    for (Step s : q.steps()) {
      scan(s, all, all, terms);
    }
    return all;
  }

  /** The slots bound once every step of {@code q} has run. */
  static BitSet boundAfter(Query q, BitSet initially, TermCompiler terms) {
    BitSet bound = (BitSet) initially.clone();
    for (Step s : q.steps()) {
      scan(s, new BitSet(), bound, terms);
    }
    return bound;
  }

  /** Orders steps so each runs after the steps binding what it reads; fails on unsafe ones. */
  static Query order(List<Step> steps, BitSet initiallyBound, TermCompiler terms, BodyCompiler b) {
    List<Step> remaining = new ArrayList<>(steps);
    List<Step> ordered = new ArrayList<>(steps.size());
    BitSet bound = (BitSet) initiallyBound.clone();
    while (!remaining.isEmpty()) {
      Step next = null;
      for (Step s : remaining) {
        if (ready(s, bound, terms)) {
          next = s;
          break;
        }
      }
      if (next == null) {
        Step first = remaining.getFirst();
        BitSet ins = new BitSet();
        scan(first, ins, new BitSet(), terms);
        ins.andNot(bound);
        if (ins.isEmpty()) {
          scan(first, new BitSet(), ins, terms);
          ins.andNot(bound);
        }
        throw b.unsafe(ins, first.location());
      }
      remaining.remove(next);
      ordered.add(next);
      scan(next, new BitSet(), bound, terms);
    }
    return new Query(ordered.toArray(Step[]::new));
  }

  private static boolean ready(Step s, BitSet bound, TermCompiler terms) {
    BitSet ins = new BitSet();
    BitSet outs = new BitSet();
    scan(s, ins, outs, terms);
    ins.andNot(bound);
    if (s instanceof Ir.Test) {
      // A variable a reference of the expression iterates is bound by the expression itself
      // ({@code foo == input.foos[foo]}): the evaluator visits such references first.
      ins.andNot(outs);
    }
    if (!ins.isEmpty()) {
      return false;
    }
    if (s instanceof Ir.Unify u && !u.assign()) {
      return ground(u.left(), bound, terms)
          || ground(u.right(), bound, terms)
          || (isComposite(u.left()) && isComposite(u.right()));
    }
    return true;
  }

  private static boolean ground(Node n, BitSet bound, TermCompiler terms) {
    BitSet vars = new BitSet();
    scan(n, true, vars, vars, terms);
    vars.andNot(bound);
    return vars.isEmpty() || !(n instanceof Ir.Local || isComposite(n));
  }

  private static boolean isComposite(Node n) {
    return n instanceof Ir.Arr || n instanceof Ir.Obj;
  }
}
