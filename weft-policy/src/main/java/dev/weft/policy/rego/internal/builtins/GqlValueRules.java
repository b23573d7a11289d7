package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.GqlRules.error;

import dev.weft.policy.rego.internal.builtins.GqlAst.ChildValue;
import dev.weft.policy.rego.internal.builtins.GqlAst.Definition;
import dev.weft.policy.rego.internal.builtins.GqlAst.EnumValueDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.FieldDefinition;
import dev.weft.policy.rego.internal.builtins.GqlAst.TypeRef;
import dev.weft.policy.rego.internal.builtins.GqlAst.ValueNode;
import dev.weft.policy.rego.internal.builtins.GqlAst.VariableDefinition;
import dev.weft.policy.rego.internal.builtins.GqlWalker.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** gqlparser's rules on values and variables. */
final class GqlValueRules {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d*)?([eE][+-]?\\d+)?");
  private static final Pattern DECIMAL_INT = Pattern.compile("[+-]?\\d+");
  private static final Set<String> BOOLS =
      Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False");

  private GqlValueRules() {}

  static void noUndefinedVariables(Events ev, Consumer<GqlError> add) {
    ev.value.add(
        (w, value) -> {
          if (w.currentOperation == null
              || value.kind != GqlAst.VARIABLE
              || value.variableDefinition != null) {
            return;
          }
          String message =
              w.currentOperation.name.isEmpty()
                  ? "Variable \"" + value + "\" is not defined."
                  : "Variable \""
                      + value
                      + "\" is not defined by operation \""
                      + w.currentOperation.name
                      + "\".";
          add.accept(error(message, value.position));
        });
  }

  static void noUnusedVariables(Events ev, Consumer<GqlError> add) {
    ev.operation.add(
        (w, op) -> {
          for (VariableDefinition varDef : op.variableDefinitions) {
            if (varDef.used) {
              continue;
            }
            String message =
                op.name.isEmpty()
                    ? "Variable \"$" + varDef.variable + "\" is never used."
                    : "Variable \"$"
                        + varDef.variable
                        + "\" is never used in operation \""
                        + op.name
                        + "\".";
            add.accept(error(message, varDef.position));
          }
        });
  }

  static void variablesAreInputTypes(Events ev, Consumer<GqlError> add) {
    ev.operation.add(
        (w, op) -> {
          for (VariableDefinition def : op.variableDefinitions) {
            if (def.definition != null && !def.definition.isInputType()) {
              add.accept(
                  error(
                      "Variable \"$"
                          + def.variable
                          + "\" cannot be non-input type \""
                          + def.type
                          + "\".",
                      def.position));
            }
          }
        });
  }

  static void variablesInAllowedPosition(Events ev, Consumer<GqlError> add) {
    ev.value.add(
        (w, value) -> {
          if (value.kind != GqlAst.VARIABLE
              || value.expectedType == null
              || value.variableDefinition == null
              || w.currentOperation == null) {
            return;
          }
          TypeRef expected = value.expectedType.copy();
          ValueNode defaultValue = value.variableDefinition.defaultValue;
          if (defaultValue != null && defaultValue.kind != GqlAst.NULL_VALUE) {
            expected.nonNull = false;
          }
          if (value.expectedTypeHasDefault) {
            expected.nonNull = false;
          }
          if (!value.variableDefinition.type.isCompatible(expected)) {
            add.accept(
                error(
                    "Variable \""
                        + value
                        + "\" of type \""
                        + value.variableDefinition.type
                        + "\" used in position expecting type \""
                        + value.expectedType
                        + "\".",
                    value.position));
          }
        });
    ev.value.add(
        (w, value) -> {
          if (value.kind != GqlAst.OBJECT_VALUE
              || value.definition == null
              || GqlAst.byName(value.definition.directives, d -> d.name, "oneOf") == null) {
            return;
          }
          for (ChildValue child : value.children) {
            ValueNode field = child.value;
            if (field == null
                || field.kind != GqlAst.VARIABLE
                || field.variableDefinition == null
                || field.variableDefinition.type.nonNull) {
              continue;
            }
            add.accept(
                new GqlError.Builder()
                    .message(
                        "Variable \""
                            + field
                            + "\" is of type \""
                            + field.variableDefinition.type
                            + "\" but must be non-nullable to be used for OneOf Input Object \""
                            + value.definition.name
                            + "\".")
                    .at(field.variableDefinition.position)
                    .at(field.position)
                    .build());
          }
        });
  }

  static void valuesOfCorrectType(Events ev, Consumer<GqlError> add) {
    ev.value.add((w, value) -> checkValue(value, add));
  }

  private static void checkValue(ValueNode value, Consumer<GqlError> add) {
    Definition def = value.definition;
    if (def == null || value.expectedType == null) {
      return;
    }
    if (value.kind == GqlAst.NULL_VALUE && value.expectedType.nonNull) {
      add.accept(
          error(
              "Expected value of type \"" + value.expectedType + "\", found " + value + ".",
              value.position));
    }
    if (def.kind.equals(GqlAst.SCALAR) && !def.oneOf("Int", "Float", "String", "Boolean", "ID")) {
      return;
    }
    List<String> possibleEnums = new ArrayList<>();
    if (def.kind.equals(GqlAst.ENUM)) {
      for (EnumValueDefinition v : def.enumValues) {
        possibleEnums.add(v.name);
      }
    }
    if (!convertible(value)) {
      add.accept(error(unexpectedType(value), value.position));
    }
    switch (value.kind) {
      case GqlAst.LIST_VALUE -> {
        if (value.expectedType.elem == null) {
          add.accept(error(unexpectedType(value), value.position));
        }
      }
      case GqlAst.INT_VALUE -> {
        if (!def.oneOf("Int", "Float", "ID")) {
          add.accept(error(unexpectedType(value), value.position));
        }
      }
      case GqlAst.FLOAT_VALUE -> {
        if (!def.oneOf("Float")) {
          add.accept(error(unexpectedType(value), value.position));
        }
      }
      case GqlAst.STRING_VALUE, GqlAst.BLOCK_VALUE -> {
        if (def.kind.equals(GqlAst.ENUM)) {
          add.accept(
              error(
                  "Enum \""
                      + value.expectedType
                      + "\" cannot represent non-enum value: "
                      + value
                      + "."
                      + GqlSuggest.quoted("Did you mean the enum value", value.raw, possibleEnums),
                  value.position));
        } else if (!def.oneOf("String", "ID")) {
          add.accept(error(unexpectedType(value), value.position));
        }
      }
      case GqlAst.ENUM_VALUE -> {
        if (!def.kind.equals(GqlAst.ENUM)) {
          add.accept(
              error(
                  unexpectedType(value)
                      + GqlSuggest.unquoted(
                          "Did you mean the enum value", value.raw, possibleEnums),
                  value.position));
        } else if (GqlAst.byName(def.enumValues, v -> v.name, value.raw) == null) {
          add.accept(
              error(
                  "Value \""
                      + value
                      + "\" does not exist in \""
                      + value.expectedType
                      + "\" enum."
                      + GqlSuggest.quoted("Did you mean the enum value", value.raw, possibleEnums),
                  value.position));
        }
      }
      case GqlAst.BOOLEAN_VALUE -> {
        if (!def.oneOf("Boolean")) {
          add.accept(error(unexpectedType(value), value.position));
        }
      }
      case GqlAst.OBJECT_VALUE -> checkObject(value, def, add);
      default -> {}
    }
  }

  private static void checkObject(ValueNode value, Definition def, Consumer<GqlError> add) {
    for (FieldDefinition field : def.fields) {
      if (field.type.nonNull) {
        ChildValue given = GqlAst.byName(value.children, c -> c.name, field.name);
        if (given == null && field.defaultValue == null) {
          add.accept(
              error(
                  "Field \""
                      + def.name
                      + "."
                      + field.name
                      + "\" of required type \""
                      + field.type
                      + "\" was not provided.",
                  value.position));
        }
      }
    }
    for (GqlAst.Directive directive : def.directives) {
      if (!directive.name.equals("oneOf")) {
        continue;
      }
      if (value.children.size() != 1) {
        add.accept(
            error(
                "OneOf Input Object \"" + def.name + "\" must specify exactly one key.",
                value.position));
        continue;
      }
      ValueNode field = value.children.get(0).value;
      if (field == null || field.kind == GqlAst.NULL_VALUE) {
        add.accept(
            error(
                "Field \"" + def.name + "." + def.fields.get(0).name + "\" must be non-null.",
                field == null ? null : field.position));
      }
    }
    for (ChildValue child : value.children) {
      if (def.field(child.name) == null) {
        List<String> names = new ArrayList<>();
        for (FieldDefinition f : def.fields) {
          names.add(f.name);
        }
        add.accept(
            error(
                "Field \""
                    + child.name
                    + "\" is not defined by type \""
                    + def.name
                    + "\"."
                    + GqlSuggest.quoted("Did you mean", child.name, names),
                child.position));
      }
    }
  }

  /** Whether {@code Value.Value(nil)} converts the value without an error. */
  private static boolean convertible(ValueNode v) {
    if (v == null) {
      return true;
    }
    return switch (v.kind) {
      case GqlAst.VARIABLE ->
          v.variableDefinition == null || convertible(v.variableDefinition.defaultValue);
      case GqlAst.INT_VALUE -> parsesAsLong(v.raw);
      case GqlAst.FLOAT_VALUE -> parsesAsFloat(v.raw);
      case GqlAst.BOOLEAN_VALUE -> BOOLS.contains(v.raw);
      case GqlAst.LIST_VALUE, GqlAst.OBJECT_VALUE -> {
        for (ChildValue c : v.children) {
          boolean unset =
              v.kind == GqlAst.OBJECT_VALUE
                  && c.value != null
                  && c.value.kind == GqlAst.VARIABLE
                  && (c.value.variableDefinition == null
                      || c.value.variableDefinition.defaultValue == null);
          if (!unset && !convertible(c.value)) {
            yield false;
          }
        }
        yield true;
      }
      default -> true;
    };
  }

  private static boolean parsesAsLong(String raw) {
    try {
      Long.parseLong(raw);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean parsesAsFloat(String raw) {
    if (DECIMAL.matcher(raw).matches()) {
      return !Double.isInfinite(Double.parseDouble(raw));
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    return Set.of(
            "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "+nan", "-nan")
        .contains(lower);
  }

  /** {@code unexpectedTypeMessageOnly}: by the expected type. */
  private static String unexpectedType(ValueNode v) {
    return switch (v.expectedType.toString()) {
      case "Int", "Int!" ->
          DECIMAL_INT.matcher(v.raw).matches() && !parsesAsInt(v.raw)
              ? "Int cannot represent non 32-bit signed integer value: " + v
              : "Int cannot represent non-integer value: " + v;
      case "String", "String!", "[String]" -> "String cannot represent a non string value: " + v;
      case "Boolean", "Boolean!" -> "Boolean cannot represent a non boolean value: " + v;
      case "Float", "Float!" -> "Float cannot represent non numeric value: " + v;
      case "ID", "ID!" -> "ID cannot represent a non-string and non-integer value: " + v;
      default ->
          v.definition.kind.equals(GqlAst.ENUM)
              ? "Enum \"" + v.expectedType + "\" cannot represent non-enum value: " + v + "."
              : "Expected value of type \"" + v.expectedType + "\", found " + v + ".";
    };
  }

  private static boolean parsesAsInt(String raw) {
    try {
      Integer.parseInt(raw);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
