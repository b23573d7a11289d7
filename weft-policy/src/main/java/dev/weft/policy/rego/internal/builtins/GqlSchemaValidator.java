package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.ArgumentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.DirectiveDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.OperationTypeDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.SchemaDocument;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * gqlparser's {@code ValidateSchemaDocument}: builds a {@link Schema} from a type-system document
 * (extensions applied, root types found) and checks it, failing on the first problem with
 * gqlparser's message. The checks of single definitions are in {@link GqlDefinitionChecks}.
 */
final class GqlSchemaValidator {

  private static final Set<String> BUILTIN_DIRECTIVES =
      Set.of("include", "skip", "deprecated", "specifiedBy", "defer", "oneOf");

  private GqlSchemaValidator() {}

  static Schema validate(SchemaDocument sd) throws GqlError {
    Schema schema = new Schema();
    for (Definition def : sd.definitions) {
      if (schema.types.get(def.name) != null) {
        throw GqlError.at(def.position, "Cannot redeclare type " + def.name + ".");
      }
      schema.types.put(def.name, def);
    }
    List<Definition> defs = new ArrayList<>(sd.definitions);
    for (Definition ext : sd.extensions) {
      Definition def = schema.types.get(ext.name);
      if (def == null) {
        def = new Definition();
        def.kind = ext.kind;
        def.name = ext.name;
        def.position = ext.position;
        schema.types.put(ext.name, def);
        defs.add(def);
      }
      if (!def.kind.equals(ext.kind)) {
        throw GqlError.at(
            ext.position,
            "Cannot extend type "
                + ext.name
                + " because the base type is a "
                + def.kind
                + ", not "
                + ext.kind
                + ".");
      }
      def.directives.addAll(ext.directives);
      def.interfaces.addAll(ext.interfaces);
      def.fields.addAll(ext.fields);
      def.types.addAll(ext.types);
      def.typePositions.addAll(ext.typePositions);
      def.enumValues.addAll(ext.enumValues);
    }
    for (Definition def : defs) {
      switch (def.kind) {
        case GqlAst.UNION -> {
          for (String t : def.types) {
            schema.addPossibleType(def.name, schema.types.get(t));
            schema.addImplements(t, def);
          }
        }
        case GqlAst.INPUT_OBJECT, GqlAst.OBJECT -> {
          for (String intf : def.interfaces) {
            schema.addPossibleType(intf, def);
            schema.addImplements(def.name, schema.types.get(intf));
          }
          schema.addPossibleType(def.name, def);
        }
        case GqlAst.INTERFACE -> {
          for (String intf : def.interfaces) {
            schema.addPossibleType(intf, def);
            schema.addImplements(def.name, schema.types.get(intf));
          }
        }
        default -> {}
      }
    }
    for (DirectiveDefinition dir : sd.directives) {
      if (schema.directives.get(dir.name) != null && !BUILTIN_DIRECTIVES.contains(dir.name)) {
        throw GqlError.at(dir.position, "Cannot redeclare directive " + dir.name + ".");
      }
      schema.directives.put(dir.name, dir);
    }
    if (sd.schema.size() > 1) {
      throw GqlError.at(
          sd.schema.get(1).position,
          "Cannot have multiple schema entry points, consider schema extensions instead.");
    }
    if (sd.schema.size() == 1) {
      schema.description = sd.schema.get(0).description;
      rootTypes(schema, sd.schema.get(0));
    }
    for (SchemaDefinition ext : sd.schemaExtension) {
      rootTypes(schema, ext);
    }
    for (String name : new TreeSet<>(schema.types.keySet())) {
      GqlDefinitionChecks.definition(schema, schema.types.get(name));
    }
    inputObjectCycles(schema);
    for (String name : new TreeSet<>(schema.directives.keySet())) {
      DirectiveDefinition def = schema.directives.get(name);
      GqlDefinitionChecks.name(def.position, def.name);
      GqlDefinitionChecks.arguments(schema, def.arguments, def);
    }
    if (sd.schema.isEmpty()) {
      if (schema.query == null && schema.types.get("Query") != null) {
        schema.query = schema.types.get("Query");
      }
      if (schema.mutation == null && schema.types.get("Mutation") != null) {
        schema.mutation = schema.types.get("Mutation");
      }
      if (schema.subscription == null && schema.types.get("Subscription") != null) {
        schema.subscription = schema.types.get("Subscription");
      }
    }
    if (schema.query != null) {
      FieldDefinition schemaField = new FieldDefinition();
      schemaField.name = "__schema";
      schemaField.type = TypeRef.named("__Schema", true);
      FieldDefinition typeField = new FieldDefinition();
      typeField.name = "__type";
      typeField.type = TypeRef.named("__Type", false);
      ArgumentDefinition nameArg = new ArgumentDefinition();
      nameArg.name = "name";
      nameArg.type = TypeRef.named("String", true);
      typeField.arguments.add(nameArg);
      schema.query.fields.add(schemaField);
      schema.query.fields.add(typeField);
    }
    return schema;
  }

  private static void rootTypes(Schema schema, SchemaDefinition sd) throws GqlError {
    for (OperationTypeDefinition entry : sd.operationTypes) {
      Definition def = schema.types.get(entry.type);
      if (def == null) {
        throw GqlError.at(
            entry.position,
            "Schema root "
                + entry.operation
                + " refers to a type "
                + entry.type
                + " that does not exist.");
      }
      switch (entry.operation) {
        case GqlAst.QUERY -> schema.query = def;
        case GqlAst.MUTATION -> schema.mutation = def;
        case GqlAst.SUBSCRIPTION -> schema.subscription = def;
        default -> {}
      }
    }
    GqlDefinitionChecks.directives(schema, sd.directives, "SCHEMA", null, true);
    schema.schemaDirectives.addAll(sd.directives);
  }

  /** Input objects must not contain themselves through non-null fields. */
  private static void inputObjectCycles(Schema schema) throws GqlError {
    Set<String> visited = new java.util.HashSet<>();
    List<FieldDefinition> path = new ArrayList<>();
    Map<String, Integer> pathIndex = new HashMap<>();
    for (String name : new TreeSet<>(schema.types.keySet())) {
      Definition def = schema.types.get(name);
      if (def.kind.equals(GqlAst.INPUT_OBJECT)) {
        detectCycle(schema, def, visited, path, pathIndex);
      }
    }
  }

  private static void detectCycle(
      Schema schema,
      Definition def,
      Set<String> visited,
      List<FieldDefinition> path,
      Map<String, Integer> pathIndex)
      throws GqlError {
    if (!visited.add(def.name)) {
      return;
    }
    pathIndex.put(def.name, path.size());
    for (FieldDefinition field : def.fields) {
      if (!field.type.nonNull || field.type.namedType.isEmpty()) {
        continue;
      }
      Definition fieldType = schema.types.get(field.type.namedType);
      if (fieldType == null || !fieldType.kind.equals(GqlAst.INPUT_OBJECT)) {
        continue;
      }
      path.add(field);
      Integer cycleIndex = pathIndex.get(fieldType.name);
      if (cycleIndex != null) {
        List<FieldDefinition> cycle = path.subList(cycleIndex, path.size());
        List<String> names = new ArrayList<>();
        for (FieldDefinition f : cycle) {
          names.add(f.name);
        }
        throw GqlError.at(
            cycle.get(0).position,
            "Cannot reference Input Object "
                + GoQuote.quote(fieldType.name)
                + " within itself through a series of non-null fields: "
                + GoQuote.quote(String.join(".", names))
                + ".");
      }
      detectCycle(schema, fieldType, visited, path, pathIndex);
      path.remove(path.size() - 1);
    }
    pathIndex.remove(def.name);
  }
}
