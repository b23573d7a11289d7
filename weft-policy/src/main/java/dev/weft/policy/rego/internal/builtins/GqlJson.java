package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.ArgumentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.ChildValue;
import dev.weft.policy.rego.internal.builtins.GqlAst.Comment;
import dev.weft.policy.rego.internal.builtins.GqlAst.CommentGroup;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Directive;
import dev.weft.policy.rego.internal.builtins.GqlAst.DirectiveDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.EnumValueDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Field;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FragmentSpread;
import dev.weft.policy.rego.internal.builtins.GqlAst.InlineFragment;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationTypeDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.QueryDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import dev.weft.policy.rego.internal.builtins.GqlAst.ValueNode;
import dev.weft.policy.rego.internal.builtins.GqlAst.VariableDefinition;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The GraphQL syntax tree as OPA returns it: the JSON encoding of gqlparser's Go structs (field
 * names as in Go, kinds as numbers), pruned as OPA prunes it: no {@code Position}, no null, and no
 * empty array or object, at any depth. Strings, booleans and numbers stay even when zero.
 */
final class GqlJson {

  private GqlJson() {}

  /** An object under construction; empty and null values are left out. */
  private static final class Obj {
    private final ObjectValue.Builder b = ObjectValue.builder();
    private boolean empty = true;

    Obj put(String key, Value v) {
      if (v != null && !isEmpty(v)) {
        b.put(key, v);
        empty = false;
      }
      return this;
    }

    Obj put(String key, String s) {
      return put(key, StringValue.of(s));
    }

    Obj put(String key, boolean v) {
      return put(key, BooleanValue.of(v));
    }

    Value build() {
      return empty ? null : b.build();
    }
  }

  private static boolean isEmpty(Value v) {
    return (v instanceof ArrayValue a && a.size() == 0)
        || (v instanceof ObjectValue o && o.size() == 0);
  }

  private static <T> Value list(List<T> items, Function<T, Value> f) {
    List<Value> out = new ArrayList<>();
    for (T item : items) {
      Value v = item == null ? null : f.apply(item);
      if (v != null && !isEmpty(v)) {
        out.add(v);
      }
    }
    return out.isEmpty() ? null : ArrayValue.of(out);
  }

  private static Value strings(List<String> items) {
    return list(items, StringValue::of);
  }

  private static <T> Value node(T item, Function<T, Value> f) {
    return item == null ? null : f.apply(item);
  }

  /** The pruned JSON of a query document (an empty object when there is nothing in it). */
  static ObjectValue of(QueryDocument doc) {
    Value v =
        new Obj()
            .put("Operations", list(doc.operations, GqlJson::operation))
            .put("Fragments", list(doc.fragments, GqlJson::fragmentDefinition))
            .put("Comment", node(doc.comment, GqlJson::comments))
            .build();
    return v == null ? ObjectValue.EMPTY : (ObjectValue) v;
  }

  /** The pruned JSON of a schema document. */
  static ObjectValue of(SchemaDocument doc) {
    Value v =
        new Obj()
            .put("Schema", list(doc.schema, GqlJson::schemaDefinition))
            .put("SchemaExtension", list(doc.schemaExtension, GqlJson::schemaDefinition))
            .put("Directives", list(doc.directives, GqlJson::directiveDefinition))
            .put("Definitions", list(doc.definitions, GqlJson::definition))
            .put("Extensions", list(doc.extensions, GqlJson::definition))
            .put("Comment", node(doc.comment, GqlJson::comments))
            .build();
    return v == null ? ObjectValue.EMPTY : (ObjectValue) v;
  }

  private static Value comments(CommentGroup g) {
    return new Obj().put("List", list(g.list, GqlJson::comment)).build();
  }

  private static Value comment(Comment c) {
    return new Obj().put("Value", c.value).build();
  }

  private static Value operation(OperationDefinition op) {
    return new Obj()
        .put("Operation", op.operation)
        .put("Name", op.name)
        .put("VariableDefinitions", list(op.variableDefinitions, GqlJson::variableDefinition))
        .put("Directives", list(op.directives, GqlJson::directive))
        .put("SelectionSet", list(op.selectionSet, GqlJson::selection))
        .put("Comment", node(op.comment, GqlJson::comments))
        .build();
  }

  private static Value variableDefinition(VariableDefinition v) {
    return new Obj()
        .put("Variable", v.variable)
        .put("Type", node(v.type, GqlJson::type))
        .put("DefaultValue", node(v.defaultValue, GqlJson::value))
        .put("Directives", list(v.directives, GqlJson::directive))
        .put("Comment", node(v.comment, GqlJson::comments))
        .put("Definition", node(v.definition, GqlJson::definition))
        .put("Used", v.used)
        .build();
  }

  private static Value selection(Selection s) {
    return switch (s) {
      case Field f -> field(f);
      case FragmentSpread f -> fragmentSpread(f);
      case InlineFragment f -> inlineFragment(f);
    };
  }

  private static Value field(Field f) {
    return new Obj()
        .put("Alias", f.alias)
        .put("Name", f.name)
        .put("Arguments", list(f.arguments, GqlJson::argument))
        .put("Directives", list(f.directives, GqlJson::directive))
        .put("SelectionSet", list(f.selectionSet, GqlJson::selection))
        .put("Comment", node(f.comment, GqlJson::comments))
        .put("Definition", node(f.definition, GqlJson::fieldDefinition))
        .put("ObjectDefinition", node(f.objectDefinition, GqlJson::definition))
        .build();
  }

  private static Value argument(Argument a) {
    return new Obj()
        .put("Name", a.name)
        .put("Value", node(a.value, GqlJson::value))
        .put("Comment", node(a.comment, GqlJson::comments))
        .build();
  }

  private static Value fragmentSpread(FragmentSpread f) {
    return new Obj()
        .put("Name", f.name)
        .put("Directives", list(f.directives, GqlJson::directive))
        .put("ObjectDefinition", node(f.objectDefinition, GqlJson::definition))
        .put("Definition", node(f.definition, GqlJson::fragmentDefinition))
        .put("Comment", node(f.comment, GqlJson::comments))
        .build();
  }

  private static Value inlineFragment(InlineFragment f) {
    return new Obj()
        .put("TypeCondition", f.typeCondition)
        .put("Directives", list(f.directives, GqlJson::directive))
        .put("SelectionSet", list(f.selectionSet, GqlJson::selection))
        .put("ObjectDefinition", node(f.objectDefinition, GqlJson::definition))
        .put("Comment", node(f.comment, GqlJson::comments))
        .build();
  }

  private static Value fragmentDefinition(FragmentDefinition f) {
    return new Obj()
        .put("Name", f.name)
        .put("VariableDefinition", list(f.variableDefinition, GqlJson::variableDefinition))
        .put("TypeCondition", f.typeCondition)
        .put("Directives", list(f.directives, GqlJson::directive))
        .put("SelectionSet", list(f.selectionSet, GqlJson::selection))
        .put("Definition", node(f.definition, GqlJson::definition))
        .put("Comment", node(f.comment, GqlJson::comments))
        .build();
  }

  private static Value directive(Directive d) {
    return new Obj()
        .put("Name", d.name)
        .put("Arguments", list(d.arguments, GqlJson::argument))
        .put("ParentDefinition", node(d.parentDefinition, GqlJson::definition))
        .put("Definition", node(d.definition, GqlJson::directiveDefinition))
        .put("Location", d.location)
        .build();
  }

  private static Value value(ValueNode v) {
    return new Obj()
        .put("Raw", v.raw)
        .put("Children", list(v.children, GqlJson::childValue))
        .put("Kind", NumberValue.of(v.kind))
        .put("Comment", node(v.comment, GqlJson::comments))
        .put("Definition", node(v.definition, GqlJson::definition))
        .put("VariableDefinition", node(v.variableDefinition, GqlJson::variableDefinition))
        .put("ExpectedType", node(v.expectedType, GqlJson::type))
        .put("ExpectedTypeHasDefault", v.expectedTypeHasDefault)
        .build();
  }

  private static Value childValue(ChildValue c) {
    return new Obj()
        .put("Name", c.name)
        .put("Value", node(c.value, GqlJson::value))
        .put("Comment", node(c.comment, GqlJson::comments))
        .build();
  }

  private static Value type(TypeRef t) {
    return new Obj()
        .put("NamedType", t.namedType)
        .put("Elem", node(t.elem, GqlJson::type))
        .put("NonNull", t.nonNull)
        .build();
  }

  private static Value definition(Definition d) {
    return new Obj()
        .put("Kind", d.kind)
        .put("Description", d.description)
        .put("Name", d.name)
        .put("Directives", list(d.directives, GqlJson::directive))
        .put("Interfaces", strings(d.interfaces))
        .put("Fields", list(d.fields, GqlJson::fieldDefinition))
        .put("Types", strings(d.types))
        .put("EnumValues", list(d.enumValues, GqlJson::enumValue))
        .put("BuiltIn", d.builtIn)
        .put("BeforeDescriptionComment", node(d.beforeDescriptionComment, GqlJson::comments))
        .put("AfterDescriptionComment", node(d.afterDescriptionComment, GqlJson::comments))
        .put("EndOfDefinitionComment", node(d.endOfDefinitionComment, GqlJson::comments))
        .build();
  }

  private static Value fieldDefinition(FieldDefinition f) {
    return new Obj()
        .put("Description", f.description)
        .put("Name", f.name)
        .put("Arguments", list(f.arguments, GqlJson::argumentDefinition))
        .put("DefaultValue", node(f.defaultValue, GqlJson::value))
        .put("Type", node(f.type, GqlJson::type))
        .put("Directives", list(f.directives, GqlJson::directive))
        .put("BeforeDescriptionComment", node(f.beforeDescriptionComment, GqlJson::comments))
        .put("AfterDescriptionComment", node(f.afterDescriptionComment, GqlJson::comments))
        .build();
  }

  private static Value argumentDefinition(ArgumentDefinition a) {
    return new Obj()
        .put("Description", a.description)
        .put("Name", a.name)
        .put("DefaultValue", node(a.defaultValue, GqlJson::value))
        .put("Type", node(a.type, GqlJson::type))
        .put("Directives", list(a.directives, GqlJson::directive))
        .put("BeforeDescriptionComment", node(a.beforeDescriptionComment, GqlJson::comments))
        .put("AfterDescriptionComment", node(a.afterDescriptionComment, GqlJson::comments))
        .build();
  }

  private static Value enumValue(EnumValueDefinition e) {
    return new Obj()
        .put("Description", e.description)
        .put("Name", e.name)
        .put("Directives", list(e.directives, GqlJson::directive))
        .put("BeforeDescriptionComment", node(e.beforeDescriptionComment, GqlJson::comments))
        .put("AfterDescriptionComment", node(e.afterDescriptionComment, GqlJson::comments))
        .build();
  }

  private static Value directiveDefinition(DirectiveDefinition d) {
    return new Obj()
        .put("Description", d.description)
        .put("Name", d.name)
        .put("Arguments", list(d.arguments, GqlJson::argumentDefinition))
        .put("Locations", strings(d.locations))
        .put("IsRepeatable", d.isRepeatable)
        .put("BeforeDescriptionComment", node(d.beforeDescriptionComment, GqlJson::comments))
        .put("AfterDescriptionComment", node(d.afterDescriptionComment, GqlJson::comments))
        .build();
  }

  private static Value schemaDefinition(SchemaDefinition s) {
    return new Obj()
        .put("Description", s.description)
        .put("Directives", list(s.directives, GqlJson::directive))
        .put("OperationTypes", list(s.operationTypes, GqlJson::operationType))
        .put("BeforeDescriptionComment", node(s.beforeDescriptionComment, GqlJson::comments))
        .put("AfterDescriptionComment", node(s.afterDescriptionComment, GqlJson::comments))
        .put("EndOfDefinitionComment", node(s.endOfDefinitionComment, GqlJson::comments))
        .build();
  }

  private static Value operationType(OperationTypeDefinition o) {
    return new Obj()
        .put("Operation", o.operation)
        .put("Type", o.type)
        .put("Comment", node(o.comment, GqlJson::comments))
        .build();
  }
}
