package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.internal.Evaluation.VK;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code data} document: base data merged with the virtual documents rules define, with the
 * replacements {@code with data...} makes.
 */
final class Documents {

  private final Evaluation ev;
  private final Rules rules;

  Documents(Evaluation ev) {
    this.ev = ev;
    this.rules = new Rules(ev);
  }

  /** {@code data.path[rest...]} without iteration; see {@link Evaluation#direct}. */
  Value lookup(Ir.DataRef d, Value[] f) {
    for (Node seg : d.rest()) {
      if (seg instanceof Ir.Local l && f[l.slot()] == null) {
        return Evaluation.ITERATE;
      }
    }
    Value[] keys = new Value[d.rest().length];
    for (int i = 0; i < keys.length; i++) {
      Value key = ev.direct(d.rest()[i], f);
      if (key == null || key == Evaluation.ITERATE) {
        return key;
      }
      keys[i] = key;
    }
    return resolve(d.path(), keys);
  }

  /** {@code data.path[rest...]} with unbound variables in {@code rest}: one value per binding. */
  boolean iterate(Ir.DataRef d, Value[] f, VK k) {
    int fixed = 0;
    while (fixed < d.rest().length
        && !(d.rest()[fixed] instanceof Ir.Local l && f[l.slot()] == null)) {
      fixed++;
    }
    Node[] head = Arrays.copyOf(d.rest(), fixed);
    Node[] tail = Arrays.copyOfRange(d.rest(), fixed, d.rest().length);
    return Terms.iterate(
        ev,
        new Ir.Arr(head),
        f,
        keys -> {
          Value base = resolve(d.path(), ((dev.weft.policy.rego.value.ArrayValue) keys).toArray());
          return base != null && Terms.navigate(ev, base, tail, 0, f, k);
        });
  }

  /** The value at {@code data.path[keys...]}, or null when undefined. */
  Value resolve(String[] path, Value[] keys) {
    List<Env.DataOverride> overrides = ev.env.dataOverrides();
    if (!overrides.isEmpty()) {
      Value overridden = Overrides.resolve(this, overrides, path, keys);
      if (overridden != Overrides.NOT_COVERED) {
        return overridden;
      }
    }
    return walk(path, keys);
  }

  /** The value at {@code data.path[keys...]} ignoring replacements at or beneath it. */
  Value walk(String[] path, Value[] keys) {
    DocNode node = ev.root;
    Value base = ev.data;
    int total = path.length + keys.length;
    for (int i = 0; i < total; i++) {
      Value key = i < path.length ? StringValue.of(path[i]) : keys[i - path.length];
      if (node != null && node.kind != DocNode.Kind.NONE && node.children.isEmpty()) {
        Value v = rules.value(node);
        return v == null ? null : selectAll(v, path, keys, i);
      }
      if (node != null && node.kind == DocNode.Kind.OBJECT) {
        Value v = document(node, base);
        return v == null ? null : selectAll(v, path, keys, i);
      }
      DocNode child = node != null && key instanceof StringValue s ? node.child(s.value()) : null;
      base = base == null ? null : Evaluation.select(base, key);
      node = child;
      if (node == null) {
        return base == null ? null : selectAll(base, path, keys, i + 1);
      }
    }
    return document(node, base);
  }

  private static Value selectAll(Value v, String[] path, Value[] keys, int from) {
    int total = path.length + keys.length;
    for (int i = from; i < total && v != null; i++) {
      Value key = i < path.length ? StringValue.of(path[i]) : keys[i - path.length];
      v = Evaluation.select(v, key);
    }
    return v;
  }

  /** The whole document at a node: its rules' values merged over the base data beneath it. */
  Value document(DocNode node, Value base) {
    if (node.kind == DocNode.Kind.FUNCTION) {
      return null;
    }
    if (node.kind != DocNode.Kind.NONE && node.children.isEmpty()) {
      return rules.value(node);
    }
    ObjectValue.Builder out = ObjectValue.builder();
    if (base instanceof ObjectValue o) {
      o.entrySet().forEach(e -> out.put(e.getKey(), e.getValue()));
    } else if (base != null && node.kind == DocNode.Kind.NONE && !node.hasDocuments()) {
      return base;
    }
    ObjectValue own = null;
    if (node.kind == DocNode.Kind.OBJECT && rules.value(node) instanceof ObjectValue o) {
      own = o;
      o.entrySet().forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    for (DocNode child : node.children.values()) {
      if (child.kind == DocNode.Kind.FUNCTION && child.children.isEmpty()) {
        continue;
      }
      StringValue key = StringValue.of(child.path[child.path.length - 1]);
      Value childBase = base instanceof ObjectValue o ? o.get(key) : null;
      Value v = document(child, childBase);
      if (v != null) {
        Value mine = own == null ? null : own.get(key);
        if (mine != null && !mine.equals(v)) {
          CompiledRule at = child.rules.isEmpty() ? null : child.rules.getFirst();
          throw new EvalException(
              dev.weft.policy.rego.RegoError.EVAL_CONFLICT,
              "object keys must be unique",
              at == null ? null : at.location());
        }
        out.put(key, v);
      }
    }
    return out.build();
  }

  Rules rules() {
    return rules;
  }

  Evaluation evaluation() {
    return ev;
  }
}
