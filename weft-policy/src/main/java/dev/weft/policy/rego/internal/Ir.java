package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.builtins.Builtin;
import dev.weft.policy.rego.value.Value;

/**
 * The compiled form of terms: variables resolved to frame slots, references to {@code input} and
 * {@code data} resolved, calls resolved to a built-in or a user function.
 */
final class Ir {

  private Ir() {}

  /** A compiled term. */
  sealed interface Node
      permits Const,
          Local,
          InputRoot,
          DataRef,
          Ref,
          Arr,
          Obj,
          SetLit,
          ArrCompr,
          SetCompr,
          ObjCompr,
          Call {}

  /** A constant value (scalars and ground composites are folded into constants). */
  record Const(Value value) implements Node {}

  /** A variable held in slot {@code slot} of the rule's frame. */
  record Local(int slot, String name, boolean generated) implements Node {}

  /** The {@code input} document. */
  record InputRoot() implements Node {}

  /**
   * A reference into {@code data}: the leading constant string segments as {@code path}, the
   * remaining segments (constants or not) as {@code rest}.
   */
  record DataRef(String[] path, Node[] rest, Location location) implements Node {}

  /** A reference on any other head: {@code input.x[i]}, {@code x.y}, {@code [1,2][i]}. */
  record Ref(Node head, Node[] path) implements Node {}

  /** An array literal with at least one non-constant element. */
  record Arr(Node[] elements) implements Node {}

  /** An object literal with at least one non-constant key or value. */
  record Obj(Node[] keys, Node[] values) implements Node {}

  /** A set literal with at least one non-constant element. */
  record SetLit(Node[] elements) implements Node {}

  /** {@code [head | body]}. */
  record ArrCompr(Node head, Query body) implements Node {}

  /** {@code {head | body}}. */
  record SetCompr(Node head, Query body) implements Node {}

  /** {@code {key: value | body}}. */
  record ObjCompr(Node key, Node value, Query body, Location location) implements Node {}

  /**
   * A call of a built-in or a user function, with its operands (an extra last argument, when
   * present, is the output term and is not part of {@code args}).
   */
  record Call(Callee callee, Node[] args, Location location) implements Node {}

  /** What a call calls. */
  sealed interface Callee permits BuiltinCallee, FunctionCallee {

    /** The name as written in Rego, for error messages and {@code with} replacement. */
    String name();

    /** The number of operands. */
    int arity();
  }

  /** A built-in. */
  record BuiltinCallee(Builtin builtin) implements Callee {
    @Override
    public String name() {
      return builtin.name();
    }

    @Override
    public int arity() {
      return builtin.arity();
    }
  }

  /** A user-defined function: the rule-tree node holding its definitions. */
  record FunctionCallee(DocNode node, int arity) implements Callee {
    @Override
    public String name() {
      return node.pathString();
    }
  }

  /** A compiled body: its steps in evaluation order (after safety reordering). */
  record Query(Step[] steps) {}

  /** One step of a body. */
  sealed interface Step permits Test, Unify, Not, SomeIn, Every, Print, TestCase {

    /** The {@code with} modifiers of the step, or an empty array. */
    With[] withs();

    /** Where the step's expression is in source. */
    Location location();
  }

  /** A term that must be defined and not false. */
  record Test(Node term, With[] withs, Location location) implements Step {}

  /**
   * {@code left = right}; with {@code assign} ({@code :=}, and a call's output argument) only the
   * left side is a pattern and the right is evaluated first.
   */
  record Unify(Node left, Node right, boolean assign, With[] withs, Location location)
      implements Step {}

  /** {@code not step}. */
  record Not(Step inner, With[] withs, Location location) implements Step {}

  /** {@code some key, value in collection} (key may be null). */
  record SomeIn(Node key, Node value, Node collection, With[] withs, Location location)
      implements Step {}

  /** {@code every key, value in domain { body }} (key may be null). */
  record Every(Local key, Local value, Node domain, Query body, With[] withs, Location location)
      implements Step {}

  /** {@code print(args...)}. */
  record Print(Node[] args, With[] withs, Location location) implements Step {}

  /**
   * Reports the case a parameterized test rule has reached (its head's key values, as an array) to
   * the evaluation's test-case sink; always succeeds. Inserted by the compiler into {@code test_}
   * rules with variables in their heads, as early as those variables are bound.
   */
  record TestCase(Node[] keys, With[] withs, Location location) implements Step {}

  /** A {@code with} modifier. */
  sealed interface With permits WithInput, WithData, WithFunction {}

  /** {@code with input.path as value}. */
  record WithInput(String[] path, Node value) implements With {}

  /** {@code with data.path as value}. */
  record WithData(String[] path, Node value) implements With {}

  /**
   * {@code with f as g}: {@code target} is the replaced callee; the replacement is either a callee
   * ({@code replacement}) or a value ({@code value}), the other null.
   */
  record WithFunction(Callee target, Callee replacement, Node value) implements With {}
}
