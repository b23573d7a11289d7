package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.ArgumentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Field;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentSpread;
import dev.weft.policy.rego.internal.builtins.GqlAst.InlineFragment;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Position;
import dev.weft.policy.rego.internal.builtins.GqlAst.QueryDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlWalker.Events;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * gqlparser's query validation: its rules, registered in its order (by rule name), observe one walk
 * of the document and collect every problem. The rules on values and variables are in {@link
 * GqlValueRules}, the field-merging rule in {@link GqlOverlap}.
 */
final class GqlRules {

  private GqlRules() {}

  /** {@code validator.Validate}: every problem found, in gqlparser's order. */
  static List<GqlError> validate(Schema schema, QueryDocument doc) {
    List<GqlError> errors = new ArrayList<>();
    Consumer<GqlError> add = errors::add;
    Events ev = new Events();
    fieldsOnCorrectType(ev, tag(add, "FieldsOnCorrectType"));
    GqlFragmentRules.fragmentsOnCompositeTypes(ev, tag(add, "FragmentsOnCompositeTypes"));
    knownArgumentNames(ev, tag(add, "KnownArgumentNames"));
    knownDirectives(ev, tag(add, "KnownDirectives"));
    Consumer<GqlError> knownFragments = tag(add, "KnownFragmentNames");
    ev.fragmentSpread.add(
        (w, spread) -> {
          if (spread.definition == null) {
            knownFragments.accept(
                error("Unknown fragment \"" + spread.name + "\".", spread.position));
          }
        });
    knownRootType(ev, tag(add, "KnownRootType"));
    knownTypeNames(ev, tag(add, "KnownTypeNames"));
    Consumer<GqlError> lone = tag(add, "LoneAnonymousOperation");
    ev.operation.add(
        (w, op) -> {
          if (op.name.isEmpty() && w.document.operations.size() > 1) {
            lone.accept(
                error("This anonymous operation must be the only defined operation.", op.position));
          }
        });
    maxIntrospectionDepth(ev, tag(add, "MaxIntrospectionDepth"));
    GqlFragmentRules.noFragmentCycles(ev, tag(add, "NoFragmentCycles"));
    GqlValueRules.noUndefinedVariables(ev, tag(add, "NoUndefinedVariables"));
    GqlFragmentRules.noUnusedFragments(ev, tag(add, "NoUnusedFragments"));
    GqlValueRules.noUnusedVariables(ev, tag(add, "NoUnusedVariables"));
    GqlOverlap.register(ev, tag(add, "OverlappingFieldsCanBeMerged"));
    GqlFragmentRules.possibleFragmentSpreads(ev, tag(add, "PossibleFragmentSpreads"));
    providedRequiredArguments(ev, tag(add, "ProvidedRequiredArguments"));
    scalarLeafs(ev, tag(add, "ScalarLeafs"));
    singleFieldSubscriptions(ev, tag(add, "SingleFieldSubscriptions"));
    GqlUniqueRules.register(ev, add);
    GqlValueRules.valuesOfCorrectType(ev, tag(add, "ValuesOfCorrectType"));
    GqlValueRules.variablesAreInputTypes(ev, tag(add, "VariablesAreInputTypes"));
    GqlValueRules.variablesInAllowedPosition(ev, tag(add, "VariablesInAllowedPosition"));
    GqlWalker.walk(schema, doc, ev);
    return errors;
  }

  /** Marks the errors {@code add} receives as the named rule's. */
  static Consumer<GqlError> tag(Consumer<GqlError> add, String rule) {
    return e -> add.accept(e.withRule(rule));
  }

  static GqlError error(String message, Position pos) {
    return new GqlError.Builder().message(message).at(pos).build();
  }

  private static void fieldsOnCorrectType(Events ev, Consumer<GqlError> add) {
    ev.field.add(
        (w, field) -> {
          if (field.objectDefinition == null || field.definition != null) {
            return;
          }
          String message =
              "Cannot query field \""
                  + field.name
                  + "\" on type \""
                  + field.objectDefinition.name
                  + "\".";
          List<String> types = suggestedTypeNames(w.schema, field.objectDefinition, field.name);
          if (types != null) {
            message +=
                " Did you mean to use an inline fragment on "
                    + GqlSuggest.quotedOrList(types)
                    + "?";
          } else {
            List<String> fields = suggestedFieldNames(field.objectDefinition, field.name);
            if (fields != null && !fields.isEmpty()) {
              message += " Did you mean " + GqlSuggest.quotedOrList(fields) + "?";
            }
          }
          add.accept(error(message, field.position));
        });
  }

  private static List<String> suggestedTypeNames(Schema schema, Definition parent, String name) {
    if (!parent.isAbstractType()) {
      return null;
    }
    List<String> objectTypes = new ArrayList<>();
    List<String> interfaceTypes = new ArrayList<>();
    Map<String, Integer> usage = new HashMap<>();
    for (Definition possible : schema.possibleTypes(parent)) {
      if (possible.field(name) == null) {
        continue;
      }
      objectTypes.add(possible.name);
      for (String iface : possible.interfaces) {
        Definition ifaceDef = schema.types.get(iface);
        if (ifaceDef != null && ifaceDef.field(name) != null) {
          if (usage.getOrDefault(iface, 0) == 0) {
            interfaceTypes.add(iface);
          }
          usage.merge(iface, 1, Integer::sum);
        }
      }
    }
    if (interfaceTypes.isEmpty() && objectTypes.isEmpty()) {
      return null;
    }
    List<String> suggested = new ArrayList<>(interfaceTypes);
    suggested.addAll(objectTypes);
    suggested.sort(
        (a, b) -> {
          int diff = usage.getOrDefault(b, 0) - usage.getOrDefault(a, 0);
          return diff != 0 ? Integer.compare(diff, 0) : a.compareTo(b);
        });
    return suggested;
  }

  private static List<String> suggestedFieldNames(Definition parent, String name) {
    if (!parent.kind.equals(GqlAst.OBJECT) && !parent.kind.equals(GqlAst.INTERFACE)) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (FieldDefinition f : parent.fields) {
      names.add(f.name);
    }
    return GqlSuggest.list(name, names);
  }

  private static void knownArgumentNames(Events ev, Consumer<GqlError> add) {
    ev.field.add(
        (w, field) -> {
          if (field.definition == null || field.objectDefinition == null) {
            return;
          }
          for (Argument arg : field.arguments) {
            if (GqlAst.byName(field.definition.arguments, a -> a.name, arg.name) != null) {
              continue;
            }
            String message =
                "Unknown argument \""
                    + arg.name
                    + "\" on field \""
                    + field.objectDefinition.name
                    + "."
                    + field.name
                    + "\"."
                    + GqlSuggest.quoted(
                        "Did you mean", arg.name, names(field.definition.arguments));
            add.accept(error(message, field.position));
          }
        });
    ev.directive.add(
        (w, directive) -> {
          if (directive.definition == null) {
            return;
          }
          for (Argument arg : directive.arguments) {
            if (GqlAst.byName(directive.definition.arguments, a -> a.name, arg.name) != null) {
              continue;
            }
            String message =
                "Unknown argument \""
                    + arg.name
                    + "\" on directive \"@"
                    + directive.name
                    + "\"."
                    + GqlSuggest.quoted(
                        "Did you mean", arg.name, names(directive.definition.arguments));
            add.accept(error(message, directive.position));
          }
        });
  }

  static List<String> names(List<ArgumentDefinition> args) {
    List<String> names = new ArrayList<>();
    for (ArgumentDefinition a : args) {
      names.add(a.name);
    }
    return names;
  }

  private static void knownDirectives(Events ev, Consumer<GqlError> add) {
    record Seen(String name, int line, int column) {}
    Set<Seen> seen = new HashSet<>();
    ev.directive.add(
        (w, directive) -> {
          if (directive.definition == null) {
            add.accept(error("Unknown directive \"@" + directive.name + "\".", directive.position));
            return;
          }
          if (directive.definition.locations.contains(directive.location)) {
            return;
          }
          Position pos = directive.position;
          Seen key =
              new Seen(
                  directive.name, pos == null ? 0 : pos.line(), pos == null ? 0 : pos.column());
          if (seen.add(key)) {
            add.accept(
                error(
                    "Directive \"@"
                        + directive.name
                        + "\" may not be used on "
                        + directive.location
                        + ".",
                    pos));
          }
        });
  }

  private static void knownRootType(Events ev, Consumer<GqlError> add) {
    ev.operation.add(
        (w, op) -> {
          Definition def =
              switch (op.operation) {
                case GqlAst.QUERY, "" -> w.schema.query;
                case GqlAst.MUTATION -> w.schema.mutation;
                case GqlAst.SUBSCRIPTION -> w.schema.subscription;
                default ->
                    throw new IllegalArgumentException(
                        "got unknown operation type \"" + op.operation + "\"");
              };
          if (def == null) {
            add.accept(
                error(
                    "Schema does not support operation type \"" + op.operation + "\"",
                    op.position));
          }
        });
  }

  private static void knownTypeNames(Events ev, Consumer<GqlError> add) {
    ev.variable.add(
        (w, variable) -> {
          String typeName = variable.type.name();
          if (w.schema.types.get(typeName) == null) {
            add.accept(error("Unknown type \"" + typeName + "\".", variable.position));
          }
        });
    ev.inlineFragment.add(
        (w, inline) -> {
          if (!inline.typeCondition.isEmpty() && w.schema.types.get(inline.typeCondition) == null) {
            add.accept(error("Unknown type \"" + inline.typeCondition + "\".", inline.position));
          }
        });
    ev.fragment.add(
        (w, fragment) -> {
          String typeName = fragment.typeCondition;
          if (w.schema.types.get(typeName) != null) {
            return;
          }
          List<String> possible = new ArrayList<>(new TreeSet<>(w.schema.types.keySet()));
          add.accept(
              error(
                  "Unknown type \""
                      + typeName
                      + "\"."
                      + GqlSuggest.quoted("Did you mean", typeName, possible),
                  fragment.position));
        });
  }

  private static void maxIntrospectionDepth(Events ev, Consumer<GqlError> add) {
    ev.field.add(
        (w, field) -> {
          if ((field.name.equals("__schema") || field.name.equals("__type"))
              && tooDeep(field, new HashSet<>(), 0)) {
            add.accept(error("Maximum introspection depth exceeded", field.position));
          }
        });
  }

  private static boolean tooDeep(Field field, Set<String> visited, int depth) {
    int d = depth;
    if (Set.of("fields", "interfaces", "possibleTypes", "inputFields").contains(field.name)) {
      d++;
      if (d >= 3) {
        return true;
      }
    }
    return tooDeep(field.selectionSet, visited, d);
  }

  private static boolean tooDeep(List<Selection> selections, Set<String> visited, int depth) {
    for (Selection child : selections) {
      switch (child) {
        case Field f -> {
          if (tooDeep(f, visited, depth)) {
            return true;
          }
        }
        case FragmentSpread spread -> {
          if (!visited.contains(spread.name) && spread.definition != null) {
            visited.add(spread.name);
            boolean deep = tooDeep(spread.definition.selectionSet, visited, depth);
            visited.remove(spread.name);
            if (deep) {
              return true;
            }
          }
        }
        case InlineFragment inline -> {
          if (tooDeep(inline.selectionSet, visited, depth)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void providedRequiredArguments(Events ev, Consumer<GqlError> add) {
    ev.field.add(
        (w, field) -> {
          if (field.definition == null) {
            return;
          }
          for (ArgumentDefinition argDef : field.definition.arguments) {
            if (missing(argDef, field.arguments)) {
              add.accept(
                  error(
                      "Field \""
                          + field.name
                          + "\" argument \""
                          + argDef.name
                          + "\" of type \""
                          + argDef.type
                          + "\" is required, but it was not provided.",
                      field.position));
            }
          }
        });
    ev.directive.add(
        (w, directive) -> {
          if (directive.definition == null) {
            return;
          }
          for (ArgumentDefinition argDef : directive.definition.arguments) {
            if (missing(argDef, directive.arguments)) {
              add.accept(
                  error(
                      "Directive \"@"
                          + directive.definition.name
                          + "\" argument \""
                          + argDef.name
                          + "\" of type \""
                          + argDef.type
                          + "\" is required, but it was not provided.",
                      directive.position));
            }
          }
        });
  }

  private static boolean missing(ArgumentDefinition argDef, List<Argument> args) {
    return argDef.type.nonNull
        && argDef.defaultValue == null
        && GqlAst.byName(args, a -> a.name, argDef.name) == null;
  }

  private static void scalarLeafs(Events ev, Consumer<GqlError> add) {
    ev.field.add(
        (w, field) -> {
          if (field.definition == null) {
            return;
          }
          Definition type = w.schema.types.get(field.definition.type.name());
          if (type == null) {
            return;
          }
          if (type.isLeafType() && !field.selectionSet.isEmpty()) {
            add.accept(
                error(
                    "Field \""
                        + field.name
                        + "\" must not have a selection since type \""
                        + type.name
                        + "\" has no subfields.",
                    field.position));
          }
          if (!type.isLeafType() && field.selectionSet.isEmpty()) {
            add.accept(
                error(
                    "Field \""
                        + field.name
                        + "\" of type \""
                        + field.definition.type
                        + "\" must have a selection of subfields. Did you mean \""
                        + field.name
                        + " { ... }\"?",
                    field.position));
          }
        });
  }

  private static void singleFieldSubscriptions(Events ev, Consumer<GqlError> add) {
    ev.operation.add(
        (w, op) -> {
          if (w.schema.subscription == null || !op.operation.equals(GqlAst.SUBSCRIPTION)) {
            return;
          }
          List<Field> fields = topFields(op);
          String name =
              op.name.isEmpty()
                  ? "Anonymous Subscription"
                  : "Subscription " + GoQuote.quote(op.name);
          if (fields.size() > 1) {
            add.accept(
                error(name + " must select only one top level field.", fields.get(1).position));
          }
          for (Field f : fields) {
            if (f.name.startsWith("__")) {
              add.accept(
                  error(name + " must not select an introspection top level field.", f.position));
            }
          }
        });
  }

  /** The top-level fields of an operation, first occurrence of each name. */
  private static List<Field> topFields(OperationDefinition op) {
    List<Field> fields = new ArrayList<>();
    Set<String> inFragment = new HashSet<>();
    collectTopFields(op.selectionSet, fields, inFragment);
    Set<String> seen = new HashSet<>();
    List<Field> unique = new ArrayList<>();
    for (Field f : fields) {
      if (seen.add(f.name)) {
        unique.add(f);
      }
    }
    return unique;
  }

  private static void collectTopFields(
      List<Selection> selections, List<Field> fields, Set<String> inFragment) {
    for (Selection s : selections) {
      switch (s) {
        case Field f -> fields.add(f);
        case InlineFragment inline -> collectTopFields(inline.selectionSet, fields, inFragment);
        case FragmentSpread spread -> {
          if (spread.definition == null) {
            return;
          }
          if (inFragment.add(spread.definition.name)) {
            collectTopFields(spread.definition.selectionSet, fields, inFragment);
          }
        }
      }
    }
  }
}
