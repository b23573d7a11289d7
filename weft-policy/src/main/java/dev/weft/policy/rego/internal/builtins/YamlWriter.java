package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A value as OPA's {@code yaml.marshal} writes it (sigs.k8s.io/yaml over go-yaml v2): block style,
 * keys in go-yaml's order, sequences not indented under their key, strings quoted only when they
 * would otherwise read back as something else.
 */
final class YamlWriter {

  private static final Pattern NON_STRING =
      Pattern.compile(
          "~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
              + "|on|On|ON|off|Off|OFF|<<"
              + "|[-+]?[0-9][0-9_]*|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7_]+"
              + "|[-+]?(?:\\.[0-9]+|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
              + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?");

  private YamlWriter() {}

  static String write(Value v) throws BuiltinException {
    StringBuilder out = new StringBuilder();
    Value json = normalize(v);
    try {
      if (isBlock(json)) {
        block(out, json, 0);
      } else {
        out.append(scalar(json, 0)).append('\n');
      }
    } catch (StackOverflowError e) {
      throw BuiltinException.failure("yaml: value nests too deeply");
    }
    return out.toString();
  }

  /** The value as it reads back from its JSON form (numbers as Go ints and float64s). */
  private static Value normalize(Value v) throws BuiltinException {
    return GoJson.unmarshalQuietly(GoJsonWriter.write(v));
  }

  private static boolean isBlock(Value v) {
    return v instanceof ObjectValue o && o.size() > 0 || v instanceof ArrayValue a && a.size() > 0;
  }

  private static void block(StringBuilder out, Value v, int indent) {
    if (v instanceof ObjectValue o) {
      boolean first = true;
      for (String key : sortedKeys(o)) {
        if (!first) {
          out.repeat(" ", indent);
        }
        first = false;
        out.append(scalar(StringValue.of(key), indent)).append(':');
        Value child = o.get(key);
        if (child instanceof ObjectValue c && c.size() > 0) {
          out.append('\n').repeat(" ", indent + 2);
          block(out, c, indent + 2);
        } else if (child instanceof ArrayValue c && c.size() > 0) {
          out.append('\n').repeat(" ", indent);
          block(out, c, indent);
        } else {
          out.append(' ').append(scalar(child, indent + 2)).append('\n');
        }
      }
    } else {
      ArrayValue a = (ArrayValue) v;
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          out.repeat(" ", indent);
        }
        out.append("- ");
        Value item = a.get(i);
        if (isBlock(item)) {
          block(out, item, indent + 2);
        } else {
          out.append(scalar(item, indent + 2)).append('\n');
        }
      }
    }
  }

  private static List<String> sortedKeys(ObjectValue o) {
    List<String> keys = new ArrayList<>();
    for (Value k : o.keySet()) {
      keys.add(((StringValue) k).value());
    }
    keys.sort(YamlWriter::compareKeys);
    return keys;
  }

  /** go-yaml v2's key order: letters before digits, runs of digits compared as numbers. */
  static int compareKeys(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return Integer.compare(ar[i], br[i]);
      }
      if (al || bl) {
        return bl ? -1 : 1;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
        an = an * 10 + (ar[ai] - '0');
      }
      int bi = i;
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
        bn = bn * 10 + (br[bi] - '0');
      }
      if (an != bn) {
        return Long.compare(an, bn);
      }
      if (ai != bi) {
        return Integer.compare(ai, bi);
      }
      return Integer.compare(ar[i], br[i]);
    }
    return Integer.compare(ar.length, br.length);
  }

  private static String scalar(Value v, int indent) {
    return switch (v) {
      case NullValue n -> "null";
      case BooleanValue b -> b.toString();
      case NumberValue n -> number(n);
      case StringValue s -> string(s.value(), indent);
      case ObjectValue o -> "{}";
      case ArrayValue a -> "[]";
      case SetValue s -> "[]";
    };
  }

  /** go-yaml's rendering of a JSON number: an int if it is one, else a float64. */
  private static String number(NumberValue n) {
    String text = n.toString();
    if (text.matches("-?[0-9]+")) {
      java.math.BigInteger i = new java.math.BigInteger(text);
      if (i.bitLength() <= 63 || i.signum() > 0 && i.bitLength() <= 64) {
        return i.toString();
      }
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    return GoFmtVerbs.general(d, -1, false);
  }

  private static String string(String s, int indent) {
    if (s.contains("\n")) {
      return literal(s, indent);
    }
    if (NON_STRING.matcher(s).matches() || s.isEmpty()) {
      return doubleQuoted(s);
    }
    if (!plainAllowed(s)) {
      return s.codePoints().allMatch(GoQuote::isPrint)
          ? "'" + s.replace("'", "''") + "'"
          : doubleQuoted(s);
    }
    return s;
  }

  private static boolean plainAllowed(String s) {
    if (s.startsWith("---") || s.startsWith("...")) {
      return false;
    }
    char first = s.charAt(0);
    if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) {
      return false;
    }
    boolean followedBySpace = s.length() == 1 || s.charAt(1) == ' ';
    if ((first == '?' || first == ':' || first == '-') && followedBySpace) {
      return false;
    }
    if (first == ' ' || s.charAt(s.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!GoQuote.isPrint(s.codePointAt(i)) && !Character.isLowSurrogate(c)) {
        return false;
      }
      if (c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
        return false;
      }
      if (c == '#' && i > 0 && s.charAt(i - 1) == ' ') {
        return false;
      }
    }
    return true;
  }

  private static String doubleQuoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 0 -> out.append("\\0");
                default -> {
                  if (GoQuote.isPrint(c)) {
                    out.appendCodePoint(c);
                  } else if (c <= 0xff) {
                    out.append(String.format("\\x%02X", c));
                  } else if (c <= 0xffff) {
                    out.append(String.format("\\u%04X", c));
                  } else {
                    out.append(String.format("\\U%08X", c));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static String literal(String s, int indent) {
    String chomp = s.endsWith("\n") ? (s.endsWith("\n\n") ? "+" : "") : "-";
    String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    StringBuilder out = new StringBuilder("|");
    if (body.startsWith(" ")) {
      out.append(2);
    }
    out.append(chomp);
    for (String line : body.split("\n", -1)) {
      out.append('\n');
      if (!line.isEmpty()) {
        out.repeat(" ", Math.max(indent, 2)).append(line);
      }
    }
    return out.toString();
  }
}
