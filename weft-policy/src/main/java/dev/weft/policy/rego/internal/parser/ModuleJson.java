package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.ast.Annotation;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Import;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed module as OPA's JSON syntax tree, the value of {@code rego.parse_module}: what OPA's
 * {@code json.Marshal} of an {@code ast.Module} gives, read back as a Rego value. Locations are
 * left out, as OPA leaves them out by default, except in comments, whose location OPA always
 * writes. Terms are {@code {"type": ..., "value": ...}}; operators and a bare {@code input} or
 * {@code data} are references; objects are arrays of key-value pairs and sets arrays, both in OPA's
 * term order; wildcards are named {@code $0}, {@code $1}, ... in the order OPA's parser meets them.
 * Not thread-safe: one per module.
 */
public final class ModuleJson {

  private final Map<Term.Var, String> wildcards = new IdentityHashMap<>();
  private int nextWildcard;

  private ModuleJson() {}

  /** {@code module}, parsed from {@code source}, as OPA's JSON syntax tree. */
  public static ObjectValue of(Module module, String source) {
    return new ModuleJson().module(module, source);
  }

  private ObjectValue module(Module module, String source) {
    ObjectValue.Builder out = ObjectValue.builder();
    List<Value> path = new ArrayList<>();
    path.add(term("var", StringValue.of("data")));
    module.packagePath().forEach(p -> path.add(term("string", StringValue.of(p))));
    out.put(str("package"), obj("path", ArrayValue.of(path)));
    if (!module.imports().isEmpty()) {
      List<Value> imports = new ArrayList<>();
      for (Import i : module.imports()) {
        ObjectValue.Builder imp = ObjectValue.builder().put(str("path"), term(i.path()));
        if (i.alias() != null && !i.alias().isEmpty()) {
          imp.put(str("alias"), str(i.alias()));
        }
        imports.add(imp.build());
      }
      out.put(str("imports"), ArrayValue.of(imports));
    }
    if (!module.annotations().isEmpty()) {
      out.put(
          str("annotations"),
          ArrayValue.of(module.annotations().stream().map(a -> (Value) a.value()).toList()));
    }
    if (!module.rules().isEmpty()) {
      List<Value> rules = new ArrayList<>();
      for (int i = 0; i < module.rules().size(); i++) {
        rules.add(rule(module.rules().get(i), annotationsOf(module, i), null));
      }
      out.put(str("rules"), ArrayValue.of(rules));
    }
    List<Value> comments = comments(module.file(), source);
    if (!comments.isEmpty()) {
      out.put(str("comments"), ArrayValue.of(comments));
    }
    return out.build();
  }

  private static List<Value> annotationsOf(Module module, int rule) {
    List<Value> found = new ArrayList<>();
    for (Annotation a : module.annotations()) {
      if (a.rule() == rule) {
        found.add(a.value());
      }
    }
    return found;
  }

  /** A rule; {@code parent} is the rule an {@code else} belongs to, or null. */
  private ObjectValue rule(Rule rule, List<Value> annotations, Rule parent) {
    ObjectValue.Builder out = ObjectValue.builder();
    out.put(str("head"), head(rule, parent));
    out.put(str("body"), body(rule.body()));
    if (rule.isDefault()) {
      out.put(str("default"), BooleanValue.TRUE);
    }
    if (rule.elseRule() != null) {
      out.put(str("else"), rule(rule.elseRule(), List.of(), parent == null ? rule : parent));
    }
    if (!annotations.isEmpty()) {
      out.put(str("annotations"), ArrayValue.of(annotations));
    }
    return out.build();
  }

  private ObjectValue head(Rule rule, Rule parent) {
    ObjectValue.Builder out = ObjectValue.builder();
    Rule.OpaHead opa = (parent == null ? rule : parent).opaHead();
    if (!opa.name().isEmpty()) {
      out.put(str("name"), str(opa.name()));
    }
    List<Value> ref = new ArrayList<>();
    Term.Scalar first = (Term.Scalar) rule.head().getFirst();
    ref.add(term("var", first.value()));
    rule.head().subList(1, rule.head().size()).forEach(t -> ref.add(term(t)));
    if (rule.args() != null && !rule.args().isEmpty()) {
      // OPA's parser names an else's (and a further body's) wildcard arguments anew
      List<Value> args = new ArrayList<>();
      for (Term a : rule.args()) {
        boolean fresh = parent != null && a instanceof Term.Var v && v.isWildcard();
        args.add(fresh ? freshWildcard() : term(a));
      }
      out.put(str("args"), ArrayValue.of(args));
    }
    if (opa.key() != null) {
      out.put(str("key"), term(opa.key()));
    }
    if (rule.value() != null) {
      out.put(str("value"), term(rule.value()));
    }
    if (rule.assign()) {
      out.put(str("assign"), BooleanValue.TRUE);
    }
    out.put(str("ref"), ArrayValue.of(ref));
    return out.build();
  }

  private ArrayValue body(Body body) {
    if (body.exprs().isEmpty()) {
      // OPA gives a rule without a body the body `true`
      return ArrayValue.of(
          obj("index", NumberValue.of(0), "terms", term("boolean", BooleanValue.TRUE)));
    }
    List<Value> exprs = new ArrayList<>();
    for (int i = 0; i < body.exprs().size(); i++) {
      exprs.add(expr(body.exprs().get(i), i));
    }
    return ArrayValue.of(exprs);
  }

  private ObjectValue expr(Expr e, int index) {
    ObjectValue.Builder out = ObjectValue.builder();
    out.put(str("index"), NumberValue.of(index));
    Value terms =
        switch (e.form()) {
          case Expr.TermForm(Term.Call call) -> callTerms(call);
          case Expr.TermForm(Term t) -> term(t);
          case Expr.SomeDecl d ->
              obj("symbols", ArrayValue.of(d.vars().stream().map(this::term).toList()));
          case Expr.SomeIn s -> {
            List<Value> call = new ArrayList<>();
            call.add(memberRef(s.key() == null ? "member_2" : "member_3"));
            if (s.key() != null) {
              call.add(term(s.key()));
            }
            call.add(term(s.value()));
            call.add(term(s.collection()));
            yield obj("symbols", ArrayValue.of(term("call", ArrayValue.of(call))));
          }
          case Expr.Every v -> {
            Value key = v.key() == null ? NullValue.NULL : term(v.key());
            Value value = term(v.value());
            Value domain = term(v.domain());
            yield ObjectValue.builder()
                .put(str("key"), key)
                .put(str("value"), value)
                .put(str("domain"), domain)
                .put(str("body"), body(v.body()))
                .build();
          }
        };
    out.put(str("terms"), terms);
    if (e.negated()) {
      out.put(str("negated"), BooleanValue.TRUE);
    }
    if (!e.withs().isEmpty()) {
      List<Value> withs = new ArrayList<>();
      for (Expr.With w : e.withs()) {
        Value target = term(w.target());
        withs.add(obj("target", target, "value", term(w.value())));
      }
      out.put(str("with"), ArrayValue.of(withs));
    }
    return out.build();
  }

  /** A call as an expression's terms: the operator reference, then the arguments. */
  private ArrayValue callTerms(Term.Call call) {
    List<Value> terms = new ArrayList<>();
    terms.add(operator(call.operator()));
    call.args().forEach(a -> terms.add(term(a)));
    return ArrayValue.of(terms);
  }

  /** OPA's operators are references, also a bare name such as {@code count} or {@code eq}. */
  private Value operator(Term op) {
    return op instanceof Term.Var v ? term("ref", ArrayValue.of(varTerm(v))) : term(op);
  }

  private Value memberRef(String name) {
    return term(
        "ref",
        ArrayValue.of(
            term("var", StringValue.of("internal")), term("string", StringValue.of(name))));
  }

  private Value term(Term t) {
    return switch (t) {
      case Term.Scalar s -> term(scalarType(s.value()), s.value());
      // OPA's parser makes a bare root document, input or data, a reference
      case Term.Var v when TermText.isRoot(v) -> term("ref", ArrayValue.of(varTerm(v)));
      case Term.Var v -> varTerm(v);
      case Term.Ref r -> {
        List<Value> parts = new ArrayList<>();
        parts.add(r.head() instanceof Term.Var v ? varTerm(v) : term(r.head()));
        r.path().forEach(p -> parts.add(term(p)));
        yield term("ref", ArrayValue.of(parts));
      }
      case Term.ArrayTerm a ->
          term("array", ArrayValue.of(a.elements().stream().map(this::term).toList()));
      case Term.SetTerm s ->
          term(
              "set",
              ArrayValue.of(AstOrder.sortedSet(s.elements().stream().map(this::term).toList())));
      case Term.ObjectTerm o -> {
        List<Value> pairs = new ArrayList<>();
        for (Term.Entry e : o.entries()) {
          Value key = term(e.key());
          pairs.add(ArrayValue.of(key, term(e.value())));
        }
        yield term("object", ArrayValue.of(AstOrder.sortedPairs(pairs)));
      }
      case Term.ArrayComprehension c -> {
        Value head = term(c.head());
        yield term("arraycomprehension", obj("term", head, "body", body(c.body())));
      }
      case Term.SetComprehension c -> {
        Value head = term(c.head());
        yield term("setcomprehension", obj("term", head, "body", body(c.body())));
      }
      case Term.ObjectComprehension c -> {
        Value key = term(c.key());
        Value value = term(c.value());
        yield term(
            "objectcomprehension",
            ObjectValue.builder()
                .put(str("key"), key)
                .put(str("value"), value)
                .put(str("body"), body(c.body()))
                .build());
      }
      case Term.Call c -> term("call", callTerms(c));
    };
  }

  private Value varTerm(Term.Var v) {
    if (!v.isWildcard()) {
      return term("var", StringValue.of(v.name()));
    }
    String name = wildcards.get(v);
    if (name == null) {
      name = "$" + nextWildcard++;
      wildcards.put(v, name);
    }
    return term("var", StringValue.of(name));
  }

  private Value freshWildcard() {
    return term("var", StringValue.of("$" + nextWildcard++));
  }

  private static String scalarType(Value v) {
    return switch (v) {
      case NullValue _ -> "null";
      case BooleanValue _ -> "boolean";
      case NumberValue _ -> "number";
      default -> "string";
    };
  }

  /** OPA's comments: {@code Text} (the bytes after {@code #}, in base64) and {@code Location}. */
  private static List<Value> comments(String file, String source) {
    List<Value> out = new ArrayList<>();
    for (Tokens.Comment c : Lexer.lex(source, file).comments) {
      byte[] text = source.substring(c.start() + 1, c.end()).getBytes(StandardCharsets.UTF_8);
      Location at = new Location(file, c.line(), c.col());
      ObjectValue location =
          obj(
              "file", str(at.file()),
              "row", NumberValue.of(at.line()),
              "col", NumberValue.of(at.col()));
      out.add(obj("Location", location, "Text", str(Base64.getEncoder().encodeToString(text))));
    }
    return out;
  }

  private static ObjectValue term(String type, Value value) {
    return obj("type", str(type), "value", value);
  }

  private static StringValue str(String s) {
    return StringValue.of(s);
  }

  private static ObjectValue obj(String k, Value v) {
    return ObjectValue.builder().put(str(k), v).build();
  }

  private static ObjectValue obj(String k1, Value v1, String k2, Value v2) {
    return ObjectValue.builder().put(str(k1), v1).put(str(k2), v2).build();
  }

  private static ObjectValue obj(String k1, Value v1, String k2, Value v2, String k3, Value v3) {
    return ObjectValue.builder().put(str(k1), v1).put(str(k2), v2).put(str(k3), v3).build();
  }
}
