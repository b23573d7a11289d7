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
import dev.weft.policy.rego.internal.builtins.GqlAst.Position;
import dev.weft.policy.rego.internal.builtins.GqlAst.QueryDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.Selection;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import dev.weft.policy.rego.internal.builtins.GqlAst.ValueNode;
import dev.weft.policy.rego.internal.builtins.GqlAst.VariableDefinition;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/**
 * A GraphQL syntax tree from a Rego object, as OPA gets it: the object's JSON decoded into
 * gqlparser's Go structs ({@code json.Unmarshal}). Field names match case-insensitively, unknown
 * ones are ignored, and a value of the wrong type fails with Go's message. The operations,
 * fragments, fields and inline fragments decode as gqlparser's own decoders do: exact names only,
 * and a selection decodes as a field whenever it can.
 */
final class GqlDecoder {

  private GqlDecoder() {}

  /** The document, or a {@link GqlJsonReader.DecodeException} with Go's message. */
  static QueryDocument query(ObjectValue o) throws GqlJsonReader.DecodeException {
    GqlJsonReader r = GqlJsonReader.root(o, "QueryDocument", false);
    QueryDocument doc = new QueryDocument();
    r.customList("Operations", "ast.OperationList", GqlDecoder::operation, doc.operations);
    r.customList(
        "Fragments", "ast.FragmentDefinitionList", GqlDecoder::fragmentDefinition, doc.fragments);
    doc.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    return doc;
  }

  static SchemaDocument schema(ObjectValue o) throws GqlJsonReader.DecodeException {
    GqlJsonReader r = GqlJsonReader.root(o, "SchemaDocument", false);
    SchemaDocument doc = new SchemaDocument();
    r.list(
        "Schema",
        "ast.SchemaDefinitionList",
        "SchemaDefinition",
        GqlDecoder::schemaDefinition,
        doc.schema);
    r.list(
        "SchemaExtension",
        "ast.SchemaDefinitionList",
        "SchemaDefinition",
        GqlDecoder::schemaDefinition,
        doc.schemaExtension);
    r.list(
        "Directives",
        "ast.DirectiveDefinitionList",
        "DirectiveDefinition",
        GqlDecoder::directiveDefinition,
        doc.directives);
    r.list(
        "Definitions", "ast.DefinitionList", "Definition", GqlDecoder::definition, doc.definitions);
    r.list(
        "Extensions", "ast.DefinitionList", "Definition", GqlDecoder::definition, doc.extensions);
    doc.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    return doc;
  }

  private static CommentGroup comments(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    CommentGroup g = new CommentGroup();
    r.list("List", "[]*ast.Comment", "Comment", GqlDecoder::comment, g.list);
    return g;
  }

  private static Comment comment(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    Comment c = new Comment();
    c.value = r.string("Value", "string");
    c.position = r.struct("Position", "Position", GqlDecoder::position);
    return c;
  }

  private static Position position(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    long line = r.integer("Line", "int");
    long column = r.integer("Column", "int");
    r.integer("Start", "int");
    r.integer("End", "int");
    String file = r.struct("Src", "Source", s -> s.string("Name", "string"));
    return new Position((int) line, (int) column, file == null ? "" : file);
  }

  /** gqlparser's {@code OperationDefinition.UnmarshalJSON}. */
  private static OperationDefinition operation(GqlJsonReader outer)
      throws GqlJsonReader.DecodeException {
    GqlJsonReader r = outer.custom();
    OperationDefinition op = new OperationDefinition();
    op.operation = r.rootString("Operation", "ast.Operation");
    op.name = r.rootString("Name", "string");
    r.rootList(
        "VariableDefinitions",
        "ast.VariableDefinitionList",
        "VariableDefinition",
        GqlDecoder::variableDefinition,
        op.variableDefinitions);
    r.rootList(
        "Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, op.directives);
    op.selectionSet.addAll(selectionSet(r, "SelectionSet"));
    op.position = r.rootStruct("Position", "Position", GqlDecoder::position);
    return op;
  }

  private static VariableDefinition variableDefinition(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    VariableDefinition v = new VariableDefinition();
    v.variable = r.string("Variable", "string");
    v.type = r.struct("Type", "Type", GqlDecoder::type);
    v.defaultValue = r.struct("DefaultValue", "Value", GqlDecoder::value);
    r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, v.directives);
    v.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    v.definition = r.struct("Definition", "Definition", GqlDecoder::definition);
    v.used = r.bool("Used");
    return v;
  }

  /** {@code UnmarshalSelectionSet}: each element as a field, else a spread, else an inline one. */
  private static List<Selection> selectionSet(GqlJsonReader r, String key)
      throws GqlJsonReader.DecodeException {
    List<Selection> out = new java.util.ArrayList<>();
    List<Value> items = r.rawArray(key);
    for (Value item : items) {
      Selection s = tryField(r, item);
      if (s == null) {
        s = trySpread(r, item);
      }
      if (s == null) {
        s = tryInline(r, item);
      }
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private static Selection tryField(GqlJsonReader parent, Value item)
      throws GqlJsonReader.TooDeepException {
    try {
      GqlJsonReader r = parent.customChild(item);
      Field f = new Field();
      f.alias = r.rootString("Alias", "string");
      f.name = r.rootString("Name", "string");
      r.rootList("Arguments", "ast.ArgumentList", "Argument", GqlDecoder::argument, f.arguments);
      r.rootList(
          "Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, f.directives);
      f.selectionSet.addAll(selectionSet(r, "SelectionSet"));
      f.position = r.rootStruct("Position", "Position", GqlDecoder::position);
      f.definition = r.rootStruct("Definition", "FieldDefinition", GqlDecoder::fieldDefinition);
      f.objectDefinition = r.rootStruct("ObjectDefinition", "Definition", GqlDecoder::definition);
      return f;
    } catch (GqlJsonReader.TooDeepException e) {
      throw e;
    } catch (GqlJsonReader.DecodeException e) {
      return null;
    }
  }

  private static Selection trySpread(GqlJsonReader parent, Value item)
      throws GqlJsonReader.TooDeepException {
    try {
      GqlJsonReader r = parent.rootChild(item, "FragmentSpread");
      FragmentSpread s = new FragmentSpread();
      s.name = r.string("Name", "string");
      r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, s.directives);
      s.objectDefinition = r.struct("ObjectDefinition", "Definition", GqlDecoder::definition);
      s.definition = r.customStruct("Definition", GqlDecoder::fragmentDefinition);
      s.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
      return s;
    } catch (GqlJsonReader.TooDeepException e) {
      throw e;
    } catch (GqlJsonReader.DecodeException e) {
      return null;
    }
  }

  private static Selection tryInline(GqlJsonReader parent, Value item)
      throws GqlJsonReader.TooDeepException {
    try {
      GqlJsonReader r = parent.customChild(item);
      InlineFragment f = new InlineFragment();
      f.typeCondition = r.rootString("TypeCondition", "string");
      r.rootList(
          "Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, f.directives);
      f.selectionSet.addAll(selectionSet(r, "SelectionSet"));
      f.objectDefinition = r.rootStruct("ObjectDefinition", "Definition", GqlDecoder::definition);
      f.position = r.rootStruct("Position", "Position", GqlDecoder::position);
      return f;
    } catch (GqlJsonReader.TooDeepException e) {
      throw e;
    } catch (GqlJsonReader.DecodeException e) {
      return null;
    }
  }

  /** gqlparser's {@code FragmentDefinition.UnmarshalJSON}. */
  private static FragmentDefinition fragmentDefinition(GqlJsonReader outer)
      throws GqlJsonReader.DecodeException {
    GqlJsonReader r = outer.custom();
    FragmentDefinition f = new FragmentDefinition();
    f.name = r.rootString("Name", "string");
    r.rootList(
        "VariableDefinition",
        "ast.VariableDefinitionList",
        "VariableDefinition",
        GqlDecoder::variableDefinition,
        f.variableDefinition);
    f.typeCondition = r.rootString("TypeCondition", "string");
    r.rootList("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, f.directives);
    f.selectionSet.addAll(selectionSet(r, "SelectionSet"));
    f.definition = r.rootStruct("Definition", "Definition", GqlDecoder::definition);
    f.position = r.rootStruct("Position", "Position", GqlDecoder::position);
    return f;
  }

  private static Argument argument(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    Argument a = new Argument();
    a.name = r.string("Name", "string");
    a.value = r.struct("Value", "Value", GqlDecoder::value);
    a.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    return a;
  }

  private static Directive directive(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    Directive d = new Directive();
    d.name = r.string("Name", "string");
    r.list("Arguments", "ast.ArgumentList", "Argument", GqlDecoder::argument, d.arguments);
    d.parentDefinition = r.struct("ParentDefinition", "Definition", GqlDecoder::definition);
    d.definition = r.struct("Definition", "DirectiveDefinition", GqlDecoder::directiveDefinition);
    d.location = r.string("Location", "ast.DirectiveLocation");
    return d;
  }

  private static ValueNode value(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    ValueNode v = new ValueNode();
    v.raw = r.string("Raw", "string");
    r.list("Children", "ast.ChildValueList", "ChildValue", GqlDecoder::childValue, v.children);
    v.kind = (int) r.integer("Kind", "ast.ValueKind");
    v.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    v.definition = r.struct("Definition", "Definition", GqlDecoder::definition);
    v.variableDefinition =
        r.struct("VariableDefinition", "VariableDefinition", GqlDecoder::variableDefinition);
    v.expectedType = r.struct("ExpectedType", "Type", GqlDecoder::type);
    v.expectedTypeHasDefault = r.bool("ExpectedTypeHasDefault");
    return v;
  }

  private static ChildValue childValue(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    ChildValue c = new ChildValue();
    c.name = r.string("Name", "string");
    c.value = r.struct("Value", "Value", GqlDecoder::value);
    c.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    return c;
  }

  private static TypeRef type(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    TypeRef t = new TypeRef();
    t.namedType = r.string("NamedType", "string");
    t.elem = r.struct("Elem", "Type", GqlDecoder::type);
    t.nonNull = r.bool("NonNull");
    return t;
  }

  private static Definition definition(GqlJsonReader r) throws GqlJsonReader.DecodeException {
    Definition d = new Definition();
    d.kind = r.string("Kind", "ast.DefinitionKind");
    d.description = r.string("Description", "string");
    d.name = r.string("Name", "string");
    r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, d.directives);
    r.strings("Interfaces", "[]string", d.interfaces);
    r.list("Fields", "ast.FieldList", "FieldDefinition", GqlDecoder::fieldDefinition, d.fields);
    r.strings("Types", "[]string", d.types);
    r.list(
        "EnumValues",
        "ast.EnumValueList",
        "EnumValueDefinition",
        GqlDecoder::enumValue,
        d.enumValues);
    d.builtIn = r.bool("BuiltIn");
    d.beforeDescriptionComment =
        r.struct("BeforeDescriptionComment", "CommentGroup", GqlDecoder::comments);
    d.afterDescriptionComment =
        r.struct("AfterDescriptionComment", "CommentGroup", GqlDecoder::comments);
    d.endOfDefinitionComment =
        r.struct("EndOfDefinitionComment", "CommentGroup", GqlDecoder::comments);
    return d;
  }

  private static FieldDefinition fieldDefinition(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    FieldDefinition f = new FieldDefinition();
    f.description = r.string("Description", "string");
    f.name = r.string("Name", "string");
    r.list(
        "Arguments",
        "ast.ArgumentDefinitionList",
        "ArgumentDefinition",
        GqlDecoder::argumentDefinition,
        f.arguments);
    f.defaultValue = r.struct("DefaultValue", "Value", GqlDecoder::value);
    f.type = r.struct("Type", "Type", GqlDecoder::type);
    r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, f.directives);
    f.beforeDescriptionComment =
        r.struct("BeforeDescriptionComment", "CommentGroup", GqlDecoder::comments);
    f.afterDescriptionComment =
        r.struct("AfterDescriptionComment", "CommentGroup", GqlDecoder::comments);
    return f;
  }

  private static ArgumentDefinition argumentDefinition(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    ArgumentDefinition a = new ArgumentDefinition();
    a.description = r.string("Description", "string");
    a.name = r.string("Name", "string");
    a.defaultValue = r.struct("DefaultValue", "Value", GqlDecoder::value);
    a.type = r.struct("Type", "Type", GqlDecoder::type);
    r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, a.directives);
    a.beforeDescriptionComment =
        r.struct("BeforeDescriptionComment", "CommentGroup", GqlDecoder::comments);
    a.afterDescriptionComment =
        r.struct("AfterDescriptionComment", "CommentGroup", GqlDecoder::comments);
    return a;
  }

  private static EnumValueDefinition enumValue(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    EnumValueDefinition e = new EnumValueDefinition();
    e.description = r.string("Description", "string");
    e.name = r.string("Name", "string");
    r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, e.directives);
    e.beforeDescriptionComment =
        r.struct("BeforeDescriptionComment", "CommentGroup", GqlDecoder::comments);
    e.afterDescriptionComment =
        r.struct("AfterDescriptionComment", "CommentGroup", GqlDecoder::comments);
    return e;
  }

  private static DirectiveDefinition directiveDefinition(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    DirectiveDefinition d = new DirectiveDefinition();
    d.description = r.string("Description", "string");
    d.name = r.string("Name", "string");
    r.list(
        "Arguments",
        "ast.ArgumentDefinitionList",
        "ArgumentDefinition",
        GqlDecoder::argumentDefinition,
        d.arguments);
    r.strings("Locations", "[]ast.DirectiveLocation", d.locations);
    d.isRepeatable = r.bool("IsRepeatable");
    d.beforeDescriptionComment =
        r.struct("BeforeDescriptionComment", "CommentGroup", GqlDecoder::comments);
    d.afterDescriptionComment =
        r.struct("AfterDescriptionComment", "CommentGroup", GqlDecoder::comments);
    return d;
  }

  private static SchemaDefinition schemaDefinition(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    SchemaDefinition s = new SchemaDefinition();
    s.description = r.string("Description", "string");
    r.list("Directives", "ast.DirectiveList", "Directive", GqlDecoder::directive, s.directives);
    r.list(
        "OperationTypes",
        "ast.OperationTypeDefinitionList",
        "OperationTypeDefinition",
        GqlDecoder::operationType,
        s.operationTypes);
    s.beforeDescriptionComment =
        r.struct("BeforeDescriptionComment", "CommentGroup", GqlDecoder::comments);
    s.afterDescriptionComment =
        r.struct("AfterDescriptionComment", "CommentGroup", GqlDecoder::comments);
    s.endOfDefinitionComment =
        r.struct("EndOfDefinitionComment", "CommentGroup", GqlDecoder::comments);
    return s;
  }

  private static OperationTypeDefinition operationType(GqlJsonReader r)
      throws GqlJsonReader.DecodeException {
    OperationTypeDefinition o = new OperationTypeDefinition();
    o.operation = r.string("Operation", "ast.Operation");
    o.type = r.string("Type", "string");
    o.comment = r.struct("Comment", "CommentGroup", GqlDecoder::comments);
    return o;
  }
}
