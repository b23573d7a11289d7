package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.builtins.GqlAst.Argument;
import dev.weft.policy.rego.internal.builtins.GqlAst.ArgumentDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Directive;
import dev.weft.policy.rego.internal.builtins.GqlAst.DirectiveDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.EnumValueDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.Position;
import dev.weft.policy.rego.internal.builtins.GqlAst.Schema;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** gqlparser's checks of single schema definitions, directives and arguments. */
final class GqlDefinitionChecks {

  private static final String OUTPUT_KINDS = "SCALAR, OBJECT, INTERFACE, UNION, ENUM";
  private static final String INPUT_KINDS = "SCALAR, ENUM, INPUT_OBJECT";
  private static final Set<String> OUTPUT_KIND_SET =
      Set.of(GqlAst.SCALAR, GqlAst.OBJECT, GqlAst.INTERFACE, GqlAst.UNION, GqlAst.ENUM);

  private GqlDefinitionChecks() {}

  /** {@code validateDefinition}. */
  static void definition(Schema schema, Definition def) throws GqlError {
    for (FieldDefinition field : def.fields) {
      name(field.position, field.name);
      typeRef(schema, field.type);
      arguments(schema, field.arguments, null);
      String location =
          def.kind.equals(GqlAst.INPUT_OBJECT) ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION";
      directives(schema, field.directives, location, null, true);
    }
    for (String typ : def.types) {
      Definition typDef = schema.types.get(typ);
      if (typDef == null) {
        throw GqlError.at(def.position, "Undefined type " + GoQuote.quote(typ) + ".");
      }
      if (!typDef.kind.equals(GqlAst.OBJECT)) {
        throw GqlError.at(
            def.position, def.kind + " type " + GoQuote.quote(typ) + " must be OBJECT.");
      }
    }
    for (String intf : def.interfaces) {
      implementsInterface(schema, def, intf);
    }
    switch (def.kind) {
      case GqlAst.OBJECT, GqlAst.INTERFACE -> {
        if (def.fields.isEmpty()) {
          throw GqlError.at(
              def.position, def.kind + " " + def.name + ": must define one or more fields.");
        }
        for (FieldDefinition field : def.fields) {
          Definition typ = schema.types.get(field.type.name());
          if (typ != null && !OUTPUT_KIND_SET.contains(typ.kind)) {
            throw GqlError.at(
                field.position,
                def.kind + " " + def.name + ": field must be one of " + OUTPUT_KINDS + ".");
          }
        }
      }
      case GqlAst.ENUM -> {
        if (def.enumValues.isEmpty()) {
          throw GqlError.at(
              def.position,
              def.kind + " " + def.name + ": must define one or more unique enum values.");
        }
        for (EnumValueDefinition value : def.enumValues) {
          if (List.of("true", "false", "null").contains(value.name)) {
            throw GqlError.at(
                def.position, def.kind + " " + def.name + ": non-enum value " + value.name + ".");
          }
          directives(schema, value.directives, "ENUM_VALUE", null, true);
        }
      }
      case GqlAst.INPUT_OBJECT -> {
        if (def.fields.isEmpty()) {
          throw GqlError.at(
              def.position, def.kind + " " + def.name + ": must define one or more input fields.");
        }
        for (FieldDefinition field : def.fields) {
          Definition typ = schema.types.get(field.type.name());
          if (typ != null && !typ.isInputType()) {
            throw GqlError.at(
                field.position,
                typ.kind + " " + field.name + ": field must be one of " + INPUT_KINDS + ".");
          }
        }
      }
      default -> {}
    }
    for (int i = 0; i < def.fields.size(); i++) {
      for (int j = i + 1; j < def.fields.size(); j++) {
        FieldDefinition second = def.fields.get(j);
        if (def.fields.get(i).name.equals(second.name)) {
          throw GqlError.at(
              second.position,
              "Field " + def.name + "." + second.name + " can only be defined once.");
        }
      }
    }
    for (int i = 0; i < def.enumValues.size(); i++) {
      for (int j = i + 1; j < def.enumValues.size(); j++) {
        EnumValueDefinition second = def.enumValues.get(j);
        if (def.enumValues.get(i).name.equals(second.name)) {
          throw GqlError.at(
              second.position,
              "Enum value " + def.name + "." + second.name + " can only be defined once.");
        }
      }
    }
    boolean aligned = def.typePositions.size() == def.types.size();
    for (int i = 0; i < def.types.size(); i++) {
      for (int j = i + 1; j < def.types.size(); j++) {
        if (!def.types.get(i).equals(def.types.get(j))) {
          continue;
        }
        Position pos =
            aligned && def.typePositions.get(j) != null ? def.typePositions.get(j) : def.position;
        throw GqlError.at(
            pos,
            "Union type " + def.name + " can only include type " + def.types.get(j) + " once.");
      }
    }
    if (!def.builtIn) {
      name(def.position, def.name);
    }
    directives(schema, def.directives, def.kind, null, false);
  }

  private static void typeRef(Schema schema, TypeRef type) throws GqlError {
    if (schema.types.get(type.name()) == null) {
      throw GqlError.at(type.position, "Undefined type " + type.name() + ".");
    }
  }

  /** {@code validateArgs}. */
  static void arguments(Schema schema, List<ArgumentDefinition> args, DirectiveDefinition current)
      throws GqlError {
    for (ArgumentDefinition arg : args) {
      name(arg.position, arg.name);
      typeRef(schema, arg.type);
      Definition def = schema.types.get(arg.type.name());
      if (!def.isInputType()) {
        throw GqlError.at(
            arg.position,
            "cannot use "
                + arg.type
                + " as argument "
                + arg.name
                + " because "
                + def.kind
                + " is not a valid input type");
      }
      directives(schema, arg.directives, "ARGUMENT_DEFINITION", current, true);
    }
  }

  /** {@code validateDirectives}. */
  static void directives(
      Schema schema,
      List<Directive> dirs,
      String location,
      DirectiveDefinition current,
      boolean singleLocation)
      throws GqlError {
    Set<String> seen = new HashSet<>();
    for (Directive dir : dirs) {
      name(dir.position, dir.name);
      if (current != null && dir.name.equals(current.name)) {
        throw GqlError.at(dir.position, "Directive " + current.name + " cannot refer to itself.");
      }
      DirectiveDefinition def = schema.directives.get(dir.name);
      if (def == null) {
        throw GqlError.at(dir.position, "Undefined directive " + dir.name + ".");
      }
      if (singleLocation) {
        if (seen.contains(dir.name) && !def.isRepeatable) {
          throw GqlError.at(
              dir.position,
              "The directive " + dir.name + " can only be used once at this location.");
        }
        seen.add(dir.name);
      }
      if (!def.locations.contains(location)) {
        throw GqlError.at(
            dir.position, "Directive " + dir.name + " is not applicable on " + location + ".");
      }
      for (Argument arg : dir.arguments) {
        if (GqlAst.byName(def.arguments, a -> a.name, arg.name) == null) {
          throw GqlError.at(
              arg.position, "Undefined argument " + arg.name + " for directive " + dir.name + ".");
        }
      }
      for (ArgumentDefinition schemaArg : def.arguments) {
        if (schemaArg.type.nonNull && schemaArg.defaultValue == null) {
          Argument arg = GqlAst.byName(dir.arguments, a -> a.name, schemaArg.name);
          if (arg == null || arg.value.kind == GqlAst.NULL_VALUE) {
            throw GqlError.at(
                dir.position,
                "Argument " + schemaArg.name + " for directive " + dir.name + " cannot be null.");
          }
        }
      }
      dir.definition = def;
    }
  }

  private static void implementsInterface(Schema schema, Definition def, String intfName)
      throws GqlError {
    Definition intf = schema.types.get(intfName);
    if (intf == null) {
      throw GqlError.at(def.position, "Undefined type " + GoQuote.quote(intfName) + ".");
    }
    if (!intf.kind.equals(GqlAst.INTERFACE)) {
      throw GqlError.at(
          def.position, GoQuote.quote(intfName) + " is a non interface type " + intf.kind + ".");
    }
    String prefix = "For " + def.name + " to implement " + intf.name;
    for (FieldDefinition required : intf.fields) {
      FieldDefinition found = def.field(required.name);
      if (found == null) {
        throw GqlError.at(
            def.position, prefix + " it must have a field called " + required.name + ".");
      }
      if (!covariant(schema, required.type, found.type)) {
        throw GqlError.at(
            found.position,
            prefix + " the field " + required.name + " must have type " + required.type + ".");
      }
      for (ArgumentDefinition requiredArg : required.arguments) {
        ArgumentDefinition foundArg = GqlAst.byName(found.arguments, a -> a.name, requiredArg.name);
        if (foundArg == null) {
          throw GqlError.at(
              found.position,
              prefix
                  + " the field "
                  + required.name
                  + " must have the same arguments but it is missing "
                  + requiredArg.name
                  + ".");
        }
        if (!requiredArg.type.isCompatible(foundArg.type)) {
          throw GqlError.at(
              foundArg.position,
              prefix
                  + " the field "
                  + required.name
                  + " must have the same arguments but "
                  + requiredArg.name
                  + " has the wrong type.");
        }
      }
      for (ArgumentDefinition foundArg : found.arguments) {
        if (GqlAst.byName(required.arguments, a -> a.name, foundArg.name) == null
            && foundArg.type.nonNull
            && foundArg.defaultValue == null) {
          throw GqlError.at(
              foundArg.position,
              prefix
                  + " any additional arguments on "
                  + found.name
                  + " must be optional or have a default value but "
                  + foundArg.name
                  + " is required.");
        }
      }
    }
    for (String transitive : intf.interfaces) {
      if (!def.interfaces.contains(transitive)) {
        if (transitive.equals(def.name)) {
          throw GqlError.at(
              def.position,
              "Type "
                  + def.name
                  + " cannot implement "
                  + intfName
                  + " because it would create a circular reference.");
        }
        throw GqlError.at(
            def.position,
            "Type "
                + def.name
                + " must implement "
                + transitive
                + " because it is implemented by "
                + intfName
                + ".");
      }
    }
  }

  private static boolean covariant(Schema schema, TypeRef required, TypeRef actual) {
    if (required.nonNull && !actual.nonNull) {
      return false;
    }
    if (!required.namedType.isEmpty()) {
      if (required.namedType.equals(actual.namedType)) {
        return true;
      }
      for (Definition pt : schema.possibleTypes.getOrDefault(required.namedType, List.of())) {
        if (pt != null && pt.name.equals(actual.namedType)) {
          return true;
        }
      }
      return false;
    }
    if (required.elem != null && actual.elem == null) {
      return false;
    }
    return covariant(schema, required.elem, actual.elem);
  }

  /** Names starting with {@code __} are reserved for introspection. */
  static void name(Position pos, String name) throws GqlError {
    if (name.startsWith("__")) {
      throw GqlError.at(
          pos,
          "Name \""
              + name
              + "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
    }
  }
}
