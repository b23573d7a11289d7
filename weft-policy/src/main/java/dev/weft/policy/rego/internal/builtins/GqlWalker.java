package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.ArgumentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.ChildValue;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Directive;
import dev.weft.policy.rego.internal.builtins.GqlAst.DirectiveDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Field;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentSpread;
import dev.weft.policy.rego.internal.builtins.GqlAst.InlineFragment;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.QueryDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import dev.weft.policy.rego.internal.builtins.GqlAst.ValueNode;
import dev.weft.policy.rego.internal.builtins.GqlAst.VariableDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * gqlparser's validation walk: it visits a query document in order, resolves each node against the
 * schema (filling in the definitions on the nodes) and tells the rules' observers about each node.
 */
final class GqlWalker {

  /** An observer of one kind of node. */
  @FunctionalInterface
  interface On<T> {
    void on(GqlWalker walker, T node);
  }

  /** The observers of each kind of node, in the order the rules registered them. */
  static final class Events {
    final List<On<OperationDefinition>> operation = new ArrayList<>();
    final List<On<Field>> field = new ArrayList<>();
    final List<On<FragmentDefinition>> fragment = new ArrayList<>();
    final List<On<InlineFragment>> inlineFragment = new ArrayList<>();
    final List<On<FragmentSpread>> fragmentSpread = new ArrayList<>();
    final List<On<Directive>> directive = new ArrayList<>();
    final List<On<List<Directive>>> directiveList = new ArrayList<>();
    final List<On<ValueNode>> value = new ArrayList<>();
    final List<On<VariableDefinition>> variable = new ArrayList<>();
  }

  final Schema schema;
  final QueryDocument document;
  private final Events events;
  private Set<String> validatedFragmentSpreads = new HashSet<>();

  /** The operation being walked; null while walking fragment definitions. */
  OperationDefinition currentOperation;

  private GqlWalker(Schema schema, QueryDocument document, Events events) {
    this.schema = schema;
    this.document = document;
    this.events = events;
  }

  static void walk(Schema schema, QueryDocument document, Events events) {
    GqlWalker w = new GqlWalker(schema, document, events);
    for (OperationDefinition op : document.operations) {
      w.validatedFragmentSpreads = new HashSet<>();
      w.walkOperation(op);
    }
    for (FragmentDefinition fragment : document.fragments) {
      w.validatedFragmentSpreads = new HashSet<>();
      w.walkFragment(fragment);
    }
  }

  private static <T> void fire(List<On<T>> observers, GqlWalker w, T node) {
    for (On<T> o : observers) {
      o.on(w, node);
    }
  }

  private void walkOperation(OperationDefinition operation) {
    currentOperation = operation;
    for (VariableDefinition varDef : operation.variableDefinitions) {
      varDef.definition = schema.types.get(varDef.type.name());
      fire(events.variable, this, varDef);
      if (varDef.defaultValue != null) {
        varDef.defaultValue.expectedType = varDef.type;
        varDef.defaultValue.definition = schema.types.get(varDef.type.name());
      }
    }
    Definition def = null;
    String loc = "";
    switch (operation.operation) {
      case GqlAst.QUERY, "" -> {
        def = schema.query;
        loc = "QUERY";
      }
      case GqlAst.MUTATION -> {
        def = schema.mutation;
        loc = "MUTATION";
      }
      case GqlAst.SUBSCRIPTION -> {
        def = schema.subscription;
        loc = "SUBSCRIPTION";
      }
      default -> {}
    }
    for (VariableDefinition varDef : operation.variableDefinitions) {
      if (varDef.defaultValue != null) {
        walkValue(varDef.defaultValue);
      }
      walkDirectives(varDef.definition, varDef.directives, "VARIABLE_DEFINITION");
    }
    walkDirectives(def, operation.directives, loc);
    walkSelectionSet(def, operation.selectionSet);
    fire(events.operation, this, operation);
    currentOperation = null;
  }

  private void walkFragment(FragmentDefinition it) {
    Definition def = schema.types.get(it.typeCondition);
    it.definition = def;
    walkDirectives(def, it.directives, "FRAGMENT_DEFINITION");
    walkSelectionSet(def, it.selectionSet);
    fire(events.fragment, this, it);
  }

  private void walkDirectives(Definition parentDef, List<Directive> directives, String location) {
    for (Directive dir : directives) {
      DirectiveDefinition def = schema.directives.get(dir.name);
      dir.definition = def;
      dir.parentDefinition = parentDef;
      dir.location = location;
      for (Argument arg : dir.arguments) {
        ArgumentDefinition argDef =
            def == null ? null : GqlAst.byName(def.arguments, a -> a.name, arg.name);
        walkArgument(argDef, arg);
      }
      fire(events.directive, this, dir);
    }
    fire(events.directiveList, this, directives);
  }

  private void walkValue(ValueNode value) {
    if (value.kind == GqlAst.VARIABLE && currentOperation != null) {
      value.variableDefinition =
          GqlAst.byName(currentOperation.variableDefinitions, v -> v.variable, value.raw);
      if (value.variableDefinition != null) {
        value.variableDefinition.used = true;
      }
    }
    if (value.kind == GqlAst.OBJECT_VALUE) {
      for (ChildValue child : value.children) {
        if (value.definition != null) {
          FieldDefinition fieldDef = value.definition.field(child.name);
          if (fieldDef != null) {
            child.value.expectedType = fieldDef.type;
            child.value.definition = schema.types.get(fieldDef.type.name());
            child.value.expectedTypeHasDefault = hasDefault(fieldDef.defaultValue);
          }
        }
        walkValue(child.value);
      }
    }
    if (value.kind == GqlAst.LIST_VALUE) {
      for (ChildValue child : value.children) {
        if (value.expectedType != null && value.expectedType.elem != null) {
          child.value.expectedType = value.expectedType.elem;
          child.value.definition = value.definition;
        }
        walkValue(child.value);
      }
    }
    fire(events.value, this, value);
  }

  private static boolean hasDefault(ValueNode defaultValue) {
    return defaultValue != null && defaultValue.kind != GqlAst.NULL_VALUE;
  }

  private void walkArgument(ArgumentDefinition argDef, Argument arg) {
    if (argDef != null) {
      arg.value.expectedType = argDef.type;
      arg.value.definition = schema.types.get(argDef.type.name());
      arg.value.expectedTypeHasDefault = hasDefault(argDef.defaultValue);
    }
    walkValue(arg.value);
  }

  private void walkSelectionSet(Definition parentDef, List<Selection> selections) {
    for (Selection child : selections) {
      walkSelection(parentDef, child);
    }
  }

  private void walkSelection(Definition parentDef, Selection selection) {
    switch (selection) {
      case Field it -> {
        FieldDefinition def = null;
        if (it.name.equals("__typename")) {
          def = new FieldDefinition();
          def.name = "__typename";
          def.type = TypeRef.named("String", false);
        } else if (parentDef != null) {
          def = parentDef.field(it.name);
        }
        it.definition = def;
        it.objectDefinition = parentDef;
        Definition nextParentDef = def == null ? null : schema.types.get(def.type.name());
        for (Argument arg : it.arguments) {
          ArgumentDefinition argDef =
              def == null ? null : GqlAst.byName(def.arguments, a -> a.name, arg.name);
          walkArgument(argDef, arg);
        }
        walkDirectives(nextParentDef, it.directives, "FIELD");
        walkSelectionSet(nextParentDef, it.selectionSet);
        fire(events.field, this, it);
      }
      case InlineFragment it -> {
        it.objectDefinition = parentDef;
        Definition nextParentDef =
            it.typeCondition.isEmpty() ? parentDef : schema.types.get(it.typeCondition);
        walkDirectives(nextParentDef, it.directives, "INLINE_FRAGMENT");
        walkSelectionSet(nextParentDef, it.selectionSet);
        fire(events.inlineFragment, this, it);
      }
      case FragmentSpread it -> {
        FragmentDefinition def = GqlAst.byName(document.fragments, f -> f.name, it.name);
        it.definition = def;
        it.objectDefinition = parentDef;
        Definition nextParentDef = def == null ? null : schema.types.get(def.typeCondition);
        walkDirectives(nextParentDef, it.directives, "FRAGMENT_SPREAD");
        if (def != null && validatedFragmentSpreads.add(def.name)) {
          walkDirectives(nextParentDef, def.directives, "FRAGMENT_DEFINITION");
          walkSelectionSet(nextParentDef, def.selectionSet);
        }
        fire(events.fragmentSpread, this, it);
      }
    }
  }
}
