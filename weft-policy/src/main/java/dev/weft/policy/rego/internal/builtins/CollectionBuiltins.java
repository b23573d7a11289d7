package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Sets, arrays and membership: {@code and or intersection union array.concat array.slice
 * array.reverse internal.member_2 internal.member_3}.
 */
final class CollectionBuiltins {

  private CollectionBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("and", CollectionBuiltins::and),
        Fn.of2("or", CollectionBuiltins::or),
        Fn.of1("intersection", CollectionBuiltins::intersection),
        Fn.of1("union", CollectionBuiltins::union),
        Fn.of2("array.concat", CollectionBuiltins::concat),
        Fn.of3("array.slice", CollectionBuiltins::slice),
        Fn.of1("array.reverse", CollectionBuiltins::reverse),
        Fn.of2("internal.member_2", CollectionBuiltins::member),
        Fn.of3("internal.member_3", CollectionBuiltins::memberWithKey));
  }

  private static Value and(Value a, Value b) throws BuiltinException {
    SetValue s = Operands.set(a, 1);
    SetValue t = Operands.set(b, 2);
    return intersect(s, t);
  }

  private static SetValue intersect(SetValue s, SetValue t) {
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    for (Value v : s.elements()) {
      if (t.contains(v)) {
        out.add(v);
      }
    }
    return SetValue.wrap(out);
  }

  private static Value or(Value a, Value b) throws BuiltinException {
    SetValue s = Operands.set(a, 1);
    SetValue t = Operands.set(b, 2);
    LinkedHashSet<Value> out = new LinkedHashSet<>(s.elements());
    out.addAll(t.elements());
    return SetValue.wrap(out);
  }

  private static Value intersection(Value a) throws BuiltinException {
    SetValue sets = Operands.set(a, 1);
    SetValue result = null;
    for (Value v : sets.sorted()) {
      SetValue s = Operands.set(v, 1);
      result = result == null ? s : intersect(result, s);
    }
    return result == null ? SetValue.EMPTY : result;
  }

  private static Value union(Value a) throws BuiltinException {
    SetValue sets = Operands.set(a, 1);
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    for (Value v : sets.sorted()) {
      out.addAll(Operands.set(v, 1).elements());
    }
    return SetValue.wrap(out);
  }

  private static Value concat(Value a, Value b) throws BuiltinException {
    ArrayValue x = Operands.array(a, 1);
    ArrayValue y = Operands.array(b, 2);
    Value[] out = new Value[x.size() + y.size()];
    for (int i = 0; i < x.size(); i++) {
      out[i] = x.get(i);
    }
    for (int i = 0; i < y.size(); i++) {
      out[x.size() + i] = y.get(i);
    }
    return ArrayValue.wrap(out);
  }

  private static Value slice(Value a, Value b, Value c) throws BuiltinException {
    ArrayValue arr = Operands.array(a, 1);
    int start = Operands.integer(b, 2);
    int stop = Operands.integer(c, 3);
    stop = Math.max(0, Math.min(stop, arr.size()));
    start = Math.max(0, Math.min(start, stop));
    return ArrayValue.of(arr.elements().subList(start, stop));
  }

  private static Value reverse(Value a) throws BuiltinException {
    ArrayValue arr = Operands.array(a, 1);
    Value[] out = new Value[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(out.length - 1 - i);
    }
    return ArrayValue.wrap(out);
  }

  /** {@code x in collection}: the values of arrays, sets and objects. */
  private static Value member(Value x, Value collection) {
    return BooleanValue.of(
        switch (collection) {
          case SetValue s -> s.contains(x);
          case ArrayValue arr -> contains(arr, x);
          case ObjectValue o -> o.asMap().containsValue(x);
          default -> false;
        });
  }

  private static boolean contains(ArrayValue arr, Value x) {
    for (int i = 0; i < arr.size(); i++) {
      if (arr.get(i).equals(x)) {
        return true;
      }
    }
    return false;
  }

  /** {@code key, value in collection}. */
  private static Value memberWithKey(Value key, Value value, Value collection) {
    return BooleanValue.of(
        switch (collection) {
          case SetValue s -> s.contains(key) && key.equals(value);
          case ObjectValue o -> value.equals(o.get(key));
          case ArrayValue arr -> {
            Long i = key instanceof NumberValue n ? Nums.goInt(n) : null;
            yield i != null && i >= 0 && i < arr.size() && value.equals(arr.get(i.intValue()));
          }
          default -> false;
        });
  }
}
