package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.GqlRules.error;

import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Field;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentSpread;
import dev.weft.policy.rego.internal.builtins.GqlAst.InlineFragment;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlWalker.Events;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** gqlparser's rules on fragments: composite conditions, cycles, unused and impossible spreads. */
final class GqlFragmentRules {

  private GqlFragmentRules() {}

  static void fragmentsOnCompositeTypes(Events ev, Consumer<GqlError> add) {
    ev.inlineFragment.add(
        (w, inline) -> {
          Definition type = w.schema.types.get(inline.typeCondition);
          if (type == null || type.isCompositeType()) {
            return;
          }
          add.accept(
              error(
                  "Fragment cannot condition on non composite type \""
                      + inline.typeCondition
                      + "\".",
                  inline.position));
        });
    ev.fragment.add(
        (w, fragment) -> {
          if (fragment.definition == null
              || fragment.typeCondition.isEmpty()
              || fragment.definition.isCompositeType()) {
            return;
          }
          add.accept(
              error(
                  "Fragment \""
                      + fragment.name
                      + "\" cannot condition on non composite type \""
                      + fragment.typeCondition
                      + "\".",
                  fragment.position));
        });
  }

  static void noFragmentCycles(Events ev, Consumer<GqlError> add) {
    Set<String> visitedFrags = new HashSet<>();
    ev.fragment.add(
        (w, fragment) ->
            new Object() {
              final List<FragmentSpread> spreadPath = new ArrayList<>();
              final Map<String, Integer> pathIndexByName = new HashMap<>();

              void recurse(FragmentDefinition frag) {
                if (!visitedFrags.add(frag.name)) {
                  return;
                }
                List<FragmentSpread> spreads = fragmentSpreads(frag.selectionSet);
                if (spreads.isEmpty()) {
                  return;
                }
                pathIndexByName.put(frag.name, spreadPath.size());
                for (FragmentSpread spread : spreads) {
                  Integer cycleIndex = pathIndexByName.get(spread.name);
                  spreadPath.add(spread);
                  if (cycleIndex == null) {
                    FragmentDefinition target =
                        GqlAst.byName(w.document.fragments, f -> f.name, spread.name);
                    if (target != null) {
                      recurse(target);
                    }
                  } else {
                    List<String> names = new ArrayList<>();
                    for (FragmentSpread fs :
                        spreadPath.subList(cycleIndex, spreadPath.size() - 1)) {
                      names.add("\"" + fs.name + "\"");
                    }
                    String via = names.isEmpty() ? "" : " via " + String.join(", ", names);
                    add.accept(
                        error(
                            "Cannot spread fragment \""
                                + spread.name
                                + "\" within itself"
                                + via
                                + ".",
                            spread.position));
                  }
                  spreadPath.remove(spreadPath.size() - 1);
                }
                pathIndexByName.remove(frag.name);
              }
            }.recurse(fragment));
  }

  /** The fragment spreads in a selection set, depth first from the last selection. */
  private static List<FragmentSpread> fragmentSpreads(List<Selection> set) {
    List<FragmentSpread> spreads = new ArrayList<>();
    List<List<Selection>> toVisit = new ArrayList<>();
    toVisit.add(set);
    while (!toVisit.isEmpty()) {
      List<Selection> current = toVisit.remove(toVisit.size() - 1);
      for (Selection s : current) {
        switch (s) {
          case FragmentSpread spread -> spreads.add(spread);
          case Field f -> toVisit.add(f.selectionSet);
          case InlineFragment inline -> toVisit.add(inline.selectionSet);
        }
      }
    }
    return spreads;
  }

  static void noUnusedFragments(Events ev, Consumer<GqlError> add) {
    boolean[] inFragmentDefinition = {false};
    Set<String> used = new HashSet<>();
    ev.fragmentSpread.add(
        (w, spread) -> {
          if (!inFragmentDefinition[0]) {
            used.add(spread.name);
          }
        });
    ev.fragment.add(
        (w, fragment) -> {
          inFragmentDefinition[0] = true;
          if (!used.contains(fragment.name)) {
            add.accept(
                error("Fragment \"" + fragment.name + "\" is never used.", fragment.position));
          }
        });
  }

  static void possibleFragmentSpreads(Events ev, Consumer<GqlError> add) {
    ev.inlineFragment.add(
        (w, inline) -> {
          if (impossibleSpread(w.schema, inline.objectDefinition, inline.typeCondition)) {
            add.accept(
                error(
                    "Fragment cannot be spread here as objects of type \""
                        + inline.objectDefinition.name
                        + "\" can never be of type \""
                        + inline.typeCondition
                        + "\".",
                    inline.position));
          }
        });
    ev.fragmentSpread.add(
        (w, spread) -> {
          if (spread.definition != null
              && impossibleSpread(
                  w.schema, spread.objectDefinition, spread.definition.typeCondition)) {
            add.accept(
                error(
                    "Fragment \""
                        + spread.name
                        + "\" cannot be spread here as objects of type \""
                        + spread.objectDefinition.name
                        + "\" can never be of type \""
                        + spread.definition.typeCondition
                        + "\".",
                    spread.position));
          }
        });
  }

  private static boolean impossibleSpread(
      Schema schema, Definition parentDef, String fragmentName) {
    if (parentDef == null) {
      return false;
    }
    List<Definition> parentDefs;
    switch (parentDef.kind) {
      case GqlAst.OBJECT -> parentDefs = List.of(parentDef);
      case GqlAst.INTERFACE, GqlAst.UNION -> parentDefs = schema.possibleTypes(parentDef);
      default -> {
        return false;
      }
    }
    Definition fragmentType = schema.types.get(fragmentName);
    if (fragmentType == null || !fragmentType.isCompositeType()) {
      return false;
    }
    for (Definition fragmentDef : schema.possibleTypes(fragmentType)) {
      for (Definition p : parentDefs) {
        if (p.name.equals(fragmentDef.name)) {
          return false;
        }
      }
    }
    return true;
  }
}
