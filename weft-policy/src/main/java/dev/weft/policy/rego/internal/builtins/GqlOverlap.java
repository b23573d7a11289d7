package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Field;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentSpread;
import dev.weft.policy.rego.internal.builtins.GqlAst.InlineFragment;
import dev.weft.policy.rego.internal.builtins.GqlAst.Position;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import dev.weft.policy.rego.internal.builtins.GqlAst.ValueNode;
import dev.weft.policy.rego.internal.builtins.GqlWalker.Events;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * gqlparser's OverlappingFieldsCanBeMerged rule: two fields with the same response name must be the
 * same field with the same arguments and compatible types, compared within and between selection
 * sets and the fragments they spread.
 */
final class GqlOverlap {

  /** A conflict, with the conflicts of sub-fields that caused it. */
  private record Conflict(
      String responseName, String message, List<Conflict> subMessages, Position position) {

    void describe(StringBuilder out) {
      if (subMessages.isEmpty()) {
        out.append(message);
        return;
      }
      for (int i = 0; i < subMessages.size(); i++) {
        Conflict sub = subMessages.get(i);
        out.append("subfields \"").append(sub.responseName).append("\" conflict because ");
        sub.describe(out);
        if (i != subMessages.size() - 1) {
          out.append(" and ");
        }
      }
    }

    GqlError toError() {
      StringBuilder reason = new StringBuilder();
      describe(reason);
      return GqlRules.error(
          "Fields \""
              + responseName
              + "\" conflict because "
              + reason
              + ". Use different aliases on the fields to fetch both if this was intentional.",
          position);
    }
  }

  /** Fields by response name, in first-seen order, and the fragments spread. */
  private record Collected(Map<String, List<Field>> fields, List<FragmentSpread> spreads) {}

  private final Map<String, Map<String, Boolean>> comparedFragmentPairs = new HashMap<>();
  private Set<String> comparedFragments = new HashSet<>();
  private Schema schema;

  private GqlOverlap() {}

  static void register(Events ev, Consumer<GqlError> add) {
    GqlOverlap m = new GqlOverlap();
    ev.operation.add((w, op) -> m.report(w.schema, op.selectionSet, add));
    ev.field.add(
        (w, field) -> {
          if (w.currentOperation != null) {
            m.report(w.schema, field.selectionSet, add);
          }
        });
    ev.inlineFragment.add((w, inline) -> m.report(w.schema, inline.selectionSet, add));
    ev.fragment.add((w, fragment) -> m.report(w.schema, fragment.selectionSet, add));
  }

  private void report(Schema s, List<Selection> selections, Consumer<GqlError> add) {
    this.schema = s;
    for (Conflict c : withinSelectionSet(selections)) {
      add.accept(c.toError());
    }
  }

  private List<Conflict> withinSelectionSet(List<Selection> selections) {
    List<Conflict> conflicts = new ArrayList<>();
    if (selections.isEmpty()) {
      return conflicts;
    }
    Collected c = collect(selections);
    within(conflicts, c.fields());
    comparedFragments = new HashSet<>();
    for (int i = 0; i < c.spreads().size(); i++) {
      FragmentSpread a = c.spreads().get(i);
      betweenFieldsAndFragment(conflicts, false, c.fields(), a);
      for (FragmentSpread b : c.spreads().subList(i + 1, c.spreads().size())) {
        betweenFragments(conflicts, false, a, b);
      }
    }
    return conflicts;
  }

  private void betweenFieldsAndFragment(
      List<Conflict> conflicts,
      boolean exclusive,
      Map<String, List<Field>> fields,
      FragmentSpread spread) {
    if (!comparedFragments.add(spread.name) || spread.definition == null) {
      return;
    }
    Collected b = collect(spread.definition.selectionSet);
    if (sameFields(fields, b.fields())) {
      return;
    }
    between(conflicts, exclusive, fields, b.fields());
    for (FragmentSpread next : b.spreads()) {
      if (!next.name.equals(spread.name)) {
        betweenFieldsAndFragment(conflicts, exclusive, fields, next);
      }
    }
  }

  private void betweenFragments(
      List<Conflict> conflicts, boolean exclusive, FragmentSpread a, FragmentSpread b) {
    if (a.name.equals(b.name) || hasPair(a.name, b.name, exclusive)) {
      return;
    }
    comparedFragmentPairs.computeIfAbsent(a.name, k -> new HashMap<>()).put(b.name, exclusive);
    comparedFragmentPairs.computeIfAbsent(b.name, k -> new HashMap<>()).put(a.name, exclusive);
    if (a.definition == null || b.definition == null) {
      return;
    }
    Collected ca = collect(a.definition.selectionSet);
    Collected cb = collect(b.definition.selectionSet);
    between(conflicts, exclusive, ca.fields(), cb.fields());
    for (FragmentSpread next : cb.spreads()) {
      betweenFragments(conflicts, exclusive, a, next);
    }
    for (FragmentSpread next : ca.spreads()) {
      betweenFragments(conflicts, exclusive, next, b);
    }
  }

  private boolean hasPair(String a, String b, boolean exclusive) {
    Map<String, Boolean> m = comparedFragmentPairs.get(a);
    if (m == null || !m.containsKey(b)) {
      return false;
    }
    return exclusive || !m.get(b);
  }

  private List<Conflict> betweenSubSelectionSets(
      boolean exclusive, List<Selection> setA, List<Selection> setB) {
    List<Conflict> conflicts = new ArrayList<>();
    Collected a = collect(setA);
    Collected b = collect(setB);
    between(conflicts, exclusive, a.fields(), b.fields());
    for (FragmentSpread spread : b.spreads()) {
      comparedFragments = new HashSet<>();
      betweenFieldsAndFragment(conflicts, exclusive, a.fields(), spread);
    }
    for (FragmentSpread spread : a.spreads()) {
      comparedFragments = new HashSet<>();
      betweenFieldsAndFragment(conflicts, exclusive, b.fields(), spread);
    }
    for (FragmentSpread sa : a.spreads()) {
      for (FragmentSpread sb : b.spreads()) {
        betweenFragments(conflicts, exclusive, sa, sb);
      }
    }
    return conflicts;
  }

  private void within(List<Conflict> conflicts, Map<String, List<Field>> fields) {
    for (List<Field> same : fields.values()) {
      for (int i = 0; i < same.size(); i++) {
        for (Field b : same.subList(i + 1, same.size())) {
          Conflict c = find(false, same.get(i), b);
          if (c != null) {
            conflicts.add(c);
          }
        }
      }
    }
  }

  private void between(
      List<Conflict> conflicts,
      boolean exclusive,
      Map<String, List<Field>> fieldsA,
      Map<String, List<Field>> fieldsB) {
    for (Map.Entry<String, List<Field>> entry : fieldsA.entrySet()) {
      List<Field> others = fieldsB.get(entry.getKey());
      if (others == null) {
        continue;
      }
      for (Field a : entry.getValue()) {
        for (Field b : others) {
          Conflict c = find(exclusive, a, b);
          if (c != null) {
            conflicts.add(c);
          }
        }
      }
    }
  }

  private Conflict find(boolean parentExclusive, Field a, Field b) {
    if (a.objectDefinition == null || b.objectDefinition == null) {
      return null;
    }
    boolean exclusive =
        parentExclusive
            || (!a.objectDefinition.name.equals(b.objectDefinition.name)
                && a.objectDefinition.kind.equals(GqlAst.OBJECT)
                && b.objectDefinition.kind.equals(GqlAst.OBJECT)
                && a.definition != null
                && b.definition != null);
    String responseName = a.alias.isEmpty() ? a.name : a.alias;
    if (!exclusive) {
      if (!a.name.equals(b.name)) {
        return new Conflict(
            responseName,
            "\"" + a.name + "\" and \"" + b.name + "\" are different fields",
            List.of(),
            b.position);
      }
      if (!sameArguments(a.arguments, b.arguments)) {
        return new Conflict(responseName, "they have differing arguments", List.of(), b.position);
      }
    }
    if (a.definition != null
        && b.definition != null
        && typesConflict(a.definition.type, b.definition.type)) {
      return new Conflict(
          responseName,
          "they return conflicting types \""
              + a.definition.type
              + "\" and \""
              + b.definition.type
              + "\"",
          List.of(),
          b.position);
    }
    List<Conflict> sub = betweenSubSelectionSets(exclusive, a.selectionSet, b.selectionSet);
    return sub.isEmpty() ? null : new Conflict(responseName, "", sub, b.position);
  }

  private static boolean sameArguments(List<Argument> args1, List<Argument> args2) {
    if (args1.size() != args2.size()) {
      return false;
    }
    for (Argument a1 : args1) {
      boolean matched = false;
      for (Argument a2 : args2) {
        if (a1.name.equals(a2.name) && sameValue(a1.value, a2.value)) {
          matched = true;
          break;
        }
      }
      if (!matched) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(ValueNode v1, ValueNode v2) {
    return v1.kind == v2.kind && v1.raw.equals(v2.raw);
  }

  private boolean typesConflict(TypeRef t1, TypeRef t2) {
    if (t1.elem != null) {
      return t2.elem == null || typesConflict(t1.elem, t2.elem);
    }
    if (t2.elem != null || t1.nonNull != t2.nonNull) {
      return true;
    }
    Definition d1 = schema.types.get(t1.namedType);
    Definition d2 = schema.types.get(t2.namedType);
    if (d1.isLeafType() && d2.isLeafType()) {
      return !d1.name.equals(d2.name);
    }
    return false;
  }

  private static Collected collect(List<Selection> selections) {
    Map<String, List<Field>> fields = new LinkedHashMap<>();
    List<FragmentSpread> spreads = new ArrayList<>();
    collect(selections, fields, spreads);
    return new Collected(fields, spreads);
  }

  private static void collect(
      List<Selection> selections, Map<String, List<Field>> fields, List<FragmentSpread> spreads) {
    for (Selection s : selections) {
      switch (s) {
        case Field f ->
            fields
                .computeIfAbsent(f.alias.isEmpty() ? f.name : f.alias, k -> new ArrayList<>())
                .add(f);
        case InlineFragment inline -> collect(inline.selectionSet, fields, spreads);
        case FragmentSpread spread -> spreads.add(spread);
      }
    }
  }

  /** Go's deep equality of two collected field maps: the same fields in the same order. */
  private static boolean sameFields(Map<String, List<Field>> a, Map<String, List<Field>> b) {
    if (!new ArrayList<>(a.keySet()).equals(new ArrayList<>(b.keySet()))) {
      return false;
    }
    for (Map.Entry<String, List<Field>> e : a.entrySet()) {
      List<Field> x = e.getValue();
      List<Field> y = b.get(e.getKey());
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (x.get(i) != y.get(i)) {
          return false;
        }
      }
    }
    return true;
  }
}
