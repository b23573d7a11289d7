package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.Value;

/**
 * A built-in defined by a function: the families build their built-ins from these.
 *
 * @param name the name as called in Rego
 * @param arity the number of operands
 * @param impl the implementation
 */
record Fn(String name, int arity, Impl impl) implements Builtin {

  /** The implementation of a built-in; operands are ground and exactly {@code arity} many. */
  @FunctionalInterface
  interface Impl {
    Value call(BuiltinContext ctx, Value[] args) throws BuiltinException;
  }

  /** A built-in that needs no context. */
  @FunctionalInterface
  interface Pure1 {
    Value call(Value a) throws BuiltinException;
  }

  /** A built-in of two operands that needs no context. */
  @FunctionalInterface
  interface Pure2 {
    Value call(Value a, Value b) throws BuiltinException;
  }

  /** A built-in of three operands that needs no context. */
  @FunctionalInterface
  interface Pure3 {
    Value call(Value a, Value b, Value c) throws BuiltinException;
  }

  static Fn of1(String name, Pure1 f) {
    return new Fn(name, 1, (ctx, args) -> f.call(args[0]));
  }

  static Fn of2(String name, Pure2 f) {
    return new Fn(name, 2, (ctx, args) -> f.call(args[0], args[1]));
  }

  static Fn of3(String name, Pure3 f) {
    return new Fn(name, 3, (ctx, args) -> f.call(args[0], args[1], args[2]));
  }

  @Override
  public Value call(BuiltinContext ctx, Value[] args) throws BuiltinException {
    return impl.call(ctx, args);
  }

  @Override
  public String toString() {
    return name + "/" + arity;
  }
}
