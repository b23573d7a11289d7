package dev.weft.policy.rego.internal.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GraphQL syntax tree of gqlparser (the Go library OPA's {@code graphql.*} built-ins use), with
 * the same nodes and field names, since the built-ins return it as JSON. Nodes are mutable: the
 * query validator fills in the schema definitions it resolves, as gqlparser's walker does. Lists
 * are never null; a missing node is null.
 */
final class GqlAst {

  /** {@code ast.DefinitionKind}. */
  static final String SCALAR = "SCALAR";

  static final String OBJECT = "OBJECT";
  static final String INTERFACE = "INTERFACE";
  static final String UNION = "UNION";
  static final String ENUM = "ENUM";
  static final String INPUT_OBJECT = "INPUT_OBJECT";

  /** {@code ast.Operation}. */
  static final String QUERY = "query";

  static final String MUTATION = "mutation";
  static final String SUBSCRIPTION = "subscription";

  /** {@code ast.ValueKind}, in gqlparser's order (it is output as a number). */
  static final int VARIABLE = 0;

  static final int INT_VALUE = 1;
  static final int FLOAT_VALUE = 2;
  static final int STRING_VALUE = 3;
  static final int BLOCK_VALUE = 4;
  static final int BOOLEAN_VALUE = 5;
  static final int NULL_VALUE = 6;
  static final int ENUM_VALUE = 7;
  static final int LIST_VALUE = 8;
  static final int OBJECT_VALUE = 9;

  private GqlAst() {}

  /** Where a node starts: line and column (in characters) of the source named {@code file}. */
  record Position(int line, int column, String file) {}

  /** A comment line, with its leading {@code #}. */
  static final class Comment {
    String value = "";
    Position position;
  }

  /** Consecutive comment lines. */
  static final class CommentGroup {
    final List<Comment> list = new ArrayList<>();
  }

  /** An executable document. */
  static final class QueryDocument {
    final List<OperationDefinition> operations = new ArrayList<>();
    final List<FragmentDefinition> fragments = new ArrayList<>();
    Position position;
    CommentGroup comment;
  }

  /** A type-system document. */
  static final class SchemaDocument {
    final List<SchemaDefinition> schema = new ArrayList<>();
    final List<SchemaDefinition> schemaExtension = new ArrayList<>();
    final List<DirectiveDefinition> directives = new ArrayList<>();
    final List<Definition> definitions = new ArrayList<>();
    final List<Definition> extensions = new ArrayList<>();
    Position position;
    CommentGroup comment;

    /** {@code SchemaDocument.Merge}. */
    void merge(SchemaDocument other) {
      schema.addAll(other.schema);
      schemaExtension.addAll(other.schemaExtension);
      directives.addAll(other.directives);
      definitions.addAll(other.definitions);
      extensions.addAll(other.extensions);
    }
  }

  /** A validated schema. */
  static final class Schema {
    Definition query;
    Definition mutation;
    Definition subscription;
    final List<Directive> schemaDirectives = new ArrayList<>();
    final Map<String, Definition> types = new java.util.HashMap<>();
    final Map<String, DirectiveDefinition> directives = new java.util.HashMap<>();
    final Map<String, List<Definition>> possibleTypes = new java.util.HashMap<>();
    final Map<String, List<Definition>> implementsTypes = new java.util.HashMap<>();
    String description = "";

    void addPossibleType(String name, Definition def) {
      possibleTypes.computeIfAbsent(name, k -> new ArrayList<>()).add(def);
    }

    void addImplements(String name, Definition iface) {
      implementsTypes.computeIfAbsent(name, k -> new ArrayList<>()).add(iface);
    }

    List<Definition> possibleTypes(Definition def) {
      return possibleTypes.getOrDefault(def.name, List.of());
    }
  }

  /** {@code query}, {@code mutation} or {@code subscription}. */
  static final class OperationDefinition {
    String operation = "";
    String name = "";
    final List<VariableDefinition> variableDefinitions = new ArrayList<>();
    final List<Directive> directives = new ArrayList<>();
    final List<Selection> selectionSet = new ArrayList<>();
    Position position;
    CommentGroup comment;
  }

  /** {@code $name: Type = default}. */
  static final class VariableDefinition {
    String variable = "";
    TypeRef type;
    ValueNode defaultValue;
    final List<Directive> directives = new ArrayList<>();
    Position position;
    CommentGroup comment;
    Definition definition;
    boolean used;
  }

  /** A field, fragment spread or inline fragment. */
  sealed interface Selection permits Field, FragmentSpread, InlineFragment {
    Position position();
  }

  /** A selected field. */
  static final class Field implements Selection {
    String alias = "";
    String name = "";
    final List<Argument> arguments = new ArrayList<>();
    final List<Directive> directives = new ArrayList<>();
    final List<Selection> selectionSet = new ArrayList<>();
    Position position;
    CommentGroup comment;
    FieldDefinition definition;
    Definition objectDefinition;

    @Override
    public Position position() {
      return position;
    }
  }

  /** {@code name: value}. */
  static final class Argument {
    String name = "";
    ValueNode value;
    Position position;
    CommentGroup comment;
  }

  /** {@code ...Name}. */
  static final class FragmentSpread implements Selection {
    String name = "";
    final List<Directive> directives = new ArrayList<>();
    Definition objectDefinition;
    FragmentDefinition definition;
    Position position;
    CommentGroup comment;

    @Override
    public Position position() {
      return position;
    }
  }

  /** {@code ... on Type { ... }}. */
  static final class InlineFragment implements Selection {
    String typeCondition = "";
    final List<Directive> directives = new ArrayList<>();
    final List<Selection> selectionSet = new ArrayList<>();
    Definition objectDefinition;
    Position position;
    CommentGroup comment;

    @Override
    public Position position() {
      return position;
    }
  }

  /** {@code fragment Name on Type { ... }}. */
  static final class FragmentDefinition {
    String name = "";
    final List<VariableDefinition> variableDefinition = new ArrayList<>();
    String typeCondition = "";
    final List<Directive> directives = new ArrayList<>();
    final List<Selection> selectionSet = new ArrayList<>();
    Definition definition;
    Position position;
    CommentGroup comment;
  }

  /** {@code @name(args)}. */
  static final class Directive {
    String name = "";
    final List<Argument> arguments = new ArrayList<>();
    Position position;
    Definition parentDefinition;
    DirectiveDefinition definition;
    String location = "";
  }

  /** A literal or variable ({@code ast.Value}). */
  static final class ValueNode {
    String raw = "";
    final List<ChildValue> children = new ArrayList<>();
    int kind;
    Position position;
    CommentGroup comment;
    Definition definition;
    VariableDefinition variableDefinition;
    TypeRef expectedType;
    boolean expectedTypeHasDefault;

    /** {@code Value.String()}. */
    @Override
    public String toString() {
      return switch (kind) {
        case VARIABLE -> "$" + raw;
        case STRING_VALUE, BLOCK_VALUE -> GoQuote.quote(raw);
        case LIST_VALUE -> {
          List<String> parts = new ArrayList<>();
          for (ChildValue c : children) {
            parts.add(String.valueOf(c.value));
          }
          yield "[" + String.join(",", parts) + "]";
        }
        case OBJECT_VALUE -> {
          List<String> parts = new ArrayList<>();
          for (ChildValue c : children) {
            parts.add(c.name + ":" + c.value);
          }
          yield "{" + String.join(",", parts) + "}";
        }
        default -> raw;
      };
    }
  }

  /** A list element (name empty) or object field. */
  static final class ChildValue {
    String name = "";
    ValueNode value;
    Position position;
    CommentGroup comment;
  }

  /** A type reference: {@code Name}, {@code [Elem]}, either possibly {@code !}. */
  static final class TypeRef {
    String namedType = "";
    TypeRef elem;
    boolean nonNull;
    Position position;

    static TypeRef named(String name, boolean nonNull) {
      TypeRef t = new TypeRef();
      t.namedType = name;
      t.nonNull = nonNull;
      return t;
    }

    TypeRef copy() {
      TypeRef t = new TypeRef();
      t.namedType = namedType;
      t.elem = elem;
      t.nonNull = nonNull;
      t.position = position;
      return t;
    }

    /** {@code Type.Name()}: the innermost named type. */
    String name() {
      return namedType.isEmpty() ? elem.name() : namedType;
    }

    /** {@code Type.String()}. */
    @Override
    public String toString() {
      String nn = nonNull ? "!" : "";
      return namedType.isEmpty() ? "[" + elem + "]" + nn : namedType + nn;
    }

    /** {@code Type.IsCompatible}. */
    boolean isCompatible(TypeRef other) {
      if (!namedType.equals(other.namedType)) {
        return false;
      }
      if (elem != null && other.elem == null) {
        return false;
      }
      if (elem != null && !elem.isCompatible(other.elem)) {
        return false;
      }
      return !other.nonNull || nonNull;
    }
  }

  /** A named type's definition (or extension). */
  static final class Definition {
    String kind = "";
    String description = "";
    String name = "";
    final List<Directive> directives = new ArrayList<>();
    final List<String> interfaces = new ArrayList<>();
    final List<FieldDefinition> fields = new ArrayList<>();
    final List<String> types = new ArrayList<>();
    final List<EnumValueDefinition> enumValues = new ArrayList<>();
    Position position;
    final List<Position> typePositions = new ArrayList<>();
    boolean builtIn;
    CommentGroup beforeDescriptionComment;
    CommentGroup afterDescriptionComment;
    CommentGroup endOfDefinitionComment;

    boolean isLeafType() {
      return kind.equals(ENUM) || kind.equals(SCALAR);
    }

    boolean isAbstractType() {
      return kind.equals(INTERFACE) || kind.equals(UNION);
    }

    boolean isCompositeType() {
      return kind.equals(OBJECT) || kind.equals(INTERFACE) || kind.equals(UNION);
    }

    boolean isInputType() {
      return kind.equals(SCALAR) || kind.equals(ENUM) || kind.equals(INPUT_OBJECT);
    }

    boolean oneOf(String... names) {
      return List.of(names).contains(name);
    }

    FieldDefinition field(String fieldName) {
      return GqlAst.byName(fields, f -> f.name, fieldName);
    }
  }

  /** A field of an object, interface or input object. */
  static final class FieldDefinition {
    String description = "";
    String name = "";
    final List<ArgumentDefinition> arguments = new ArrayList<>();
    ValueNode defaultValue;
    TypeRef type;
    final List<Directive> directives = new ArrayList<>();
    Position position;
    CommentGroup beforeDescriptionComment;
    CommentGroup afterDescriptionComment;
  }

  /** An argument of a field or directive definition. */
  static final class ArgumentDefinition {
    String description = "";
    String name = "";
    ValueNode defaultValue;
    TypeRef type;
    final List<Directive> directives = new ArrayList<>();
    Position position;
    CommentGroup beforeDescriptionComment;
    CommentGroup afterDescriptionComment;
  }

  /** An enum value. */
  static final class EnumValueDefinition {
    String description = "";
    String name = "";
    final List<Directive> directives = new ArrayList<>();
    Position position;
    CommentGroup beforeDescriptionComment;
    CommentGroup afterDescriptionComment;
  }

  /** {@code directive @name(args) repeatable on LOCATIONS}. */
  static final class DirectiveDefinition {
    String description = "";
    String name = "";
    final List<ArgumentDefinition> arguments = new ArrayList<>();
    final List<String> locations = new ArrayList<>();
    boolean isRepeatable;
    Position position;
    CommentGroup beforeDescriptionComment;
    CommentGroup afterDescriptionComment;
  }

  /** {@code schema { query: Q }} or its extension. */
  static final class SchemaDefinition {
    String description = "";
    final List<Directive> directives = new ArrayList<>();
    final List<OperationTypeDefinition> operationTypes = new ArrayList<>();
    Position position;
    CommentGroup beforeDescriptionComment;
    CommentGroup afterDescriptionComment;
    CommentGroup endOfDefinitionComment;
  }

  /** {@code query: Q} in a schema definition. */
  static final class OperationTypeDefinition {
    String operation = "";
    String type = "";
    Position position;
    CommentGroup comment;
  }

  /** The first element of {@code list} whose name is {@code name} ({@code ForName}), or null. */
  static <T> T byName(List<T> list, java.util.function.Function<T, String> nameOf, String name) {
    for (T t : list) {
      if (nameOf.apply(t).equals(name)) {
        return t;
      }
    }
    return null;
  }
}
