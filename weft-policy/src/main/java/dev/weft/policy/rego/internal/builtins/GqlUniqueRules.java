package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.GqlRules.error;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.ChildValue;
import dev.weft.policy.rego.internal.builtins.GqlAst.Directive;
import dev.weft.policy.rego.internal.builtins.GqlAst.VariableDefinition;
import dev.weft.policy.rego.internal.builtins.GqlWalker.Events;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** gqlparser's uniqueness rules, in its order: arguments, directives, fragments, ... */
final class GqlUniqueRules {

  private GqlUniqueRules() {}

  static void register(Events ev, Consumer<GqlError> all) {
    Consumer<GqlError> arguments = GqlRules.tag(all, "UniqueArgumentNames");
    ev.field.add((w, field) -> uniqueArguments(field.arguments, arguments));
    ev.directive.add((w, directive) -> uniqueArguments(directive.arguments, arguments));
    Consumer<GqlError> directivesAdd = GqlRules.tag(all, "UniqueDirectivesPerLocation");
    ev.directiveList.add(
        (w, directives) -> {
          Set<String> seen = new HashSet<>();
          for (Directive dir : directives) {
            if ((dir.definition == null || !dir.definition.isRepeatable)
                && seen.contains(dir.name)) {
              directivesAdd.accept(
                  error(
                      "The directive \"@" + dir.name + "\" can only be used once at this location.",
                      dir.position));
            }
            seen.add(dir.name);
          }
        });
    Set<String> fragments = new HashSet<>();
    Consumer<GqlError> fragmentsAdd = GqlRules.tag(all, "UniqueFragmentNames");
    ev.fragment.add(
        (w, fragment) -> {
          if (!fragments.add(fragment.name)) {
            fragmentsAdd.accept(
                error(
                    "There can be only one fragment named \"" + fragment.name + "\".",
                    fragment.position));
          }
        });
    Consumer<GqlError> inputFields = GqlRules.tag(all, "UniqueInputFieldNames");
    ev.value.add(
        (w, value) -> {
          if (value.kind != GqlAst.OBJECT_VALUE) {
            return;
          }
          Set<String> seen = new HashSet<>();
          for (ChildValue field : value.children) {
            if (!seen.add(field.name)) {
              inputFields.accept(
                  error(
                      "There can be only one input field named \"" + field.name + "\".",
                      field.position));
            }
          }
        });
    Set<String> operations = new HashSet<>();
    Consumer<GqlError> operationsAdd = GqlRules.tag(all, "UniqueOperationNames");
    ev.operation.add(
        (w, op) -> {
          if (!operations.add(op.name)) {
            operationsAdd.accept(
                error("There can be only one operation named \"" + op.name + "\".", op.position));
          }
        });
    Consumer<GqlError> variables = GqlRules.tag(all, "UniqueVariableNames");
    ev.operation.add(
        (w, op) -> {
          Map<String, Integer> seen = new HashMap<>();
          for (VariableDefinition def : op.variableDefinitions) {
            if (seen.getOrDefault(def.variable, 0) == 1) {
              variables.accept(
                  error(
                      "There can be only one variable named \"$" + def.variable + "\".",
                      def.position));
            }
            seen.merge(def.variable, 1, Integer::sum);
          }
        });
  }

  private static void uniqueArguments(List<Argument> args, Consumer<GqlError> add) {
    Map<String, Integer> known = new HashMap<>();
    for (Argument arg : args) {
      if (known.getOrDefault(arg.name, 0) == 1) {
        add.accept(
            error("There can be only one argument named \"" + arg.name + "\".", arg.position));
      }
      known.merge(arg.name, 1, Integer::sum);
    }
  }
}
