package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rejects rules that depend on themselves, as OPA's {@code rego_recursion_error}. */
final class RecursionCheck {

  private final List<RegoError> errors;
  private final Map<DocNode, Set<DocNode>> deps = new java.util.LinkedHashMap<>();

  RecursionCheck(List<RegoError> errors) {
    this.errors = errors;
  }

  void check(DocNode root) {
    collect(root, root);
    Set<DocNode> done = new HashSet<>();
    for (DocNode n : deps.keySet()) {
      visit(n, new LinkedHashSet<>(), done);
    }
  }

  private void visit(DocNode n, LinkedHashSet<DocNode> stack, Set<DocNode> done) {
    if (done.contains(n)) {
      return;
    }
    if (!stack.add(n)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (DocNode s : stack) {
        in |= s == n;
        if (in) {
          cycle.add(s.pathString());
        }
      }
      cycle.add(n.pathString());
      CompiledRule any = n.rules.isEmpty() ? n.defaultRule : n.rules.getFirst();
      errors.add(
          new RegoError(
              RegoError.RECURSION,
              "rule " + n.pathString() + " is recursive: " + String.join(" -> ", cycle),
              any == null ? dev.weft.policy.rego.Location.NONE : any.location(),
              null));
      done.add(n);
      return;
    }
    for (DocNode d : deps.getOrDefault(n, Set.of())) {
      visit(d, stack, done);
      if (!errors.isEmpty()) {
        break;
      }
    }
    stack.remove(n);
    done.add(n);
  }

  private void collect(DocNode node, DocNode root) {
    Set<DocNode> out = new LinkedHashSet<>();
    List<CompiledRule> all = new ArrayList<>(node.rules);
    if (node.defaultRule != null) {
      all.add(node.defaultRule);
    }
    for (CompiledRule r : all) {
      for (CompiledRule c = r; c != null; c = c.elseRule()) {
        nodes(c.params(), out, root);
        nodes(c.suffix(), out, root);
        node(c.key(), out, root);
        node(c.value(), out, root);
        query(c.body(), out, root);
      }
    }
    if (!all.isEmpty()) {
      deps.put(node, out);
    }
    for (DocNode child : node.children.values()) {
      collect(child, root);
    }
  }

  private void query(Ir.Query q, Set<DocNode> out, DocNode root) {
    for (Step s : q.steps()) {
      step(s, out, root);
    }
  }

  private void step(Step s, Set<DocNode> out, DocNode root) {
    switch (s) {
      case Ir.Test t -> node(t.term(), out, root);
      case Ir.Unify u -> {
        node(u.left(), out, root);
        node(u.right(), out, root);
      }
      case Ir.Not n -> step(n.inner(), out, root);
      case Ir.SomeIn si -> {
        node(si.key(), out, root);
        node(si.value(), out, root);
        node(si.collection(), out, root);
      }
      case Ir.Every e -> {
        node(e.domain(), out, root);
        query(e.body(), out, root);
      }
      case Ir.Print p -> nodes(p.args(), out, root);
      case Ir.TestCase t -> nodes(t.keys(), out, root);
    }
  }

  private void nodes(Node[] ns, Set<DocNode> out, DocNode root) {
    if (ns != null) {
      for (Node n : ns) {
        node(n, out, root);
      }
    }
  }

  private void node(Node n, Set<DocNode> out, DocNode root) {
    if (n == null) {
      return;
    }
    switch (n) {
      case Ir.DataRef d -> {
        DocNode at = root;
        boolean diverged = false;
        for (String p : d.path()) {
          DocNode next = at.child(p);
          if (next == null) {
            diverged = true;
            break;
          }
          at = next;
        }
        if (!diverged) {
          match(at, d.rest(), 0, out);
        } else if (at.kind != DocNode.Kind.NONE) {
          out.add(at);
        }
        nodes(d.rest(), out, root);
      }
      case Ir.Ref r -> {
        node(r.head(), out, root);
        nodes(r.path(), out, root);
      }
      case Ir.Arr a -> nodes(a.elements(), out, root);
      case Ir.SetLit s -> nodes(s.elements(), out, root);
      case Ir.Obj o -> {
        nodes(o.keys(), out, root);
        nodes(o.values(), out, root);
      }
      case Ir.Call c -> {
        if (c.callee() instanceof Ir.FunctionCallee f) {
          out.add(f.node());
        }
        nodes(c.args(), out, root);
      }
      case Ir.ArrCompr c -> {
        node(c.head(), out, root);
        query(c.body(), out, root);
      }
      case Ir.SetCompr c -> {
        node(c.head(), out, root);
        query(c.body(), out, root);
      }
      case Ir.ObjCompr c -> {
        node(c.key(), out, root);
        node(c.value(), out, root);
        query(c.body(), out, root);
      }
      case Ir.Const c -> {}
      case Ir.Local l -> {}
      case Ir.InputRoot i -> {}
    }
  }

  /**
   * The rules a reference's remaining segments can reach from {@code at}: a constant segment
   * follows its child, any other segment every child (as OPA's rule tree does for {@code
   * data[x].allow}); where the segments end, everything beneath; a rule on the way is reached.
   */
  private static void match(DocNode at, Node[] rest, int i, Set<DocNode> out) {
    if (at.kind != DocNode.Kind.NONE) {
      out.add(at);
      return;
    }
    if (i == rest.length) {
      addAll(at, out);
      return;
    }
    if (rest[i] instanceof Ir.Const c) {
      if (c.value() instanceof dev.weft.policy.rego.value.StringValue name) {
        DocNode child = at.child(name.value());
        if (child != null) {
          match(child, rest, i + 1, out);
        }
      }
      return;
    }
    for (DocNode child : at.children.values()) {
      match(child, rest, i + 1, out);
    }
  }

  private static void addAll(DocNode n, Set<DocNode> out) {
    if (n.kind != DocNode.Kind.NONE) {
      out.add(n);
    }
    for (DocNode c : n.children.values()) {
      addAll(c, out);
    }
  }
}
