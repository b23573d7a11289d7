package dev.weft.policy.rego.internal.parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Inputs for the fuzz test: mutations of real policies, random rules, deep and long sources. */
final class FuzzInputs {

  private static final String[] PIECES = {
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "`",
    ":",
    ":=",
    "=",
    "==",
    "!=",
    ".",
    ",",
    ";",
    "|",
    "&",
    "+",
    "-",
    "*",
    "/",
    "%",
    "<",
    ">=",
    "!",
    "#",
    "\n",
    "\t",
    " ",
    "_",
    "$",
    "$\"",
    "@",
    "\u0000",
    "\\",
    "\\u",
    "é",
    "😀",
    "\uFEFF",
    "\r",
    "0",
    "01",
    "1.",
    "1e",
    ".5",
    "-",
    " if ",
    " contains ",
    " else ",
    " in ",
    " every ",
    " some ",
    " not ",
    " with ",
    " as ",
    " default ",
    "import ",
    "package ",
    " := ",
    " = ",
    "input",
    "data",
    "x",
    "true",
    "null",
    "set()",
    "f(",
    "\"s\""
  };

  private static final String[] BUILT_IN = {
    """
    package p
    import rego.v1
    default allow := false
    allow if { input.user == "alice"; some r in input.roles; r in {"admin", "dev"} }
    deny contains msg if { not allow; msg := sprintf("denied %v", [input.user]) }
    f(x, y) := z if { z := x + y * 2 } else := 0
    obj[k] := v if { some k, v in input.m; v != null }
    a.b[c].d := e if { c := "c"; e := [x | x := input.xs[_]; x > 1] }
    every_ok if every x in input.xs { x >= 0 }
    q := {k: v | some k, v in {"a": 1}} with input as {}
    """,
    """
    package p
    default allow = false
    allow { input.method == "GET" }
    p[x] { x := input.xs[_] }
    o[k] = v { v := input.m[k] }
    f(x) = y { y := x }
    r = 1 { input.a } else = 2 { input.b } else { true }
    s { a } { b }
    """
  };

  private FuzzInputs() {}

  /** The conformance modules and seed policies if the shared files are there, and built-ins. */
  static List<String> corpus() throws IOException {
    List<String> corpus = new ArrayList<>(List.of(BUILT_IN));
    if (SharedFiles.find("conformance/opa") != null) {
      for (ConformanceModulesTest.Source s : ConformanceModulesTest.sources()) {
        corpus.add(s.text());
      }
    }
    Path seeds = SharedFiles.find("reference/seeds");
    if (seeds != null) {
      try (Stream<Path> files = Files.list(seeds)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
          String text = Files.readString(f);
          if (!text.isEmpty()) {
            // a window around each policy keeps inputs small
            int at = Math.max(0, text.indexOf("package "));
            corpus.add(text.substring(at, Math.min(text.length(), at + 3000)));
          }
        }
      }
    }
    return corpus;
  }

  static String mutate(Random r, List<String> corpus) {
    StringBuilder s = new StringBuilder(corpus.get(r.nextInt(corpus.size())));
    int mutations = 1 + r.nextInt(5);
    for (int m = 0; m < mutations; m++) {
      int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
      switch (r.nextInt(7)) {
        case 0 -> {
          if (at < s.length()) {
            s.deleteCharAt(at);
          }
        }
        case 1 -> s.insert(at, PIECES[r.nextInt(PIECES.length)]);
        case 2 -> {
          int end = Math.min(s.length(), at + 1 + r.nextInt(20));
          s.delete(at, end);
        }
        case 3 -> {
          int end = Math.min(s.length(), at + 1 + r.nextInt(30));
          s.insert(end, s.substring(at, end));
        }
        case 4 -> {
          if (s.length() > 2) {
            int i = r.nextInt(s.length() - 1);
            int j = i + 1 + r.nextInt(Math.min(40, s.length() - i - 1));
            char c = s.charAt(i);
            s.setCharAt(i, s.charAt(j));
            s.setCharAt(j, c);
          }
        }
        case 5 -> s.setLength(at);
        default -> {
          String other = corpus.get(r.nextInt(corpus.size()));
          int from = r.nextInt(other.length() + 1);
          int to = Math.min(other.length(), from + r.nextInt(60));
          s.insert(at, other, from, to);
        }
      }
    }
    return s.toString();
  }

  /** A rule from a small grammar: valid most of the time. */
  static String randomRule(Random r) {
    String head =
        switch (r.nextInt(5)) {
          case 0 -> "p";
          case 1 -> "p[" + term(r, 1) + "]";
          case 2 -> "f(" + term(r, 1) + ", y)";
          case 3 -> "a.b[" + term(r, 1) + "].c";
          default -> "s contains " + term(r, 2);
        };
    String value = r.nextBoolean() ? "" : (r.nextBoolean() ? " := " : " = ") + term(r, 3);
    StringBuilder body = new StringBuilder();
    int exprs = r.nextInt(4);
    for (int i = 0; i < exprs; i++) {
      body.append(i == 0 ? "" : r.nextBoolean() ? "; " : "\n  ").append(expr(r));
    }
    String kw = r.nextInt(4) == 0 ? " " : " if ";
    return head + value + (exprs == 0 ? "" : kw + "{ " + body + " }");
  }

  private static String expr(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "not " + term(r, 2);
      case 1 -> "some x in " + term(r, 2);
      case 2 -> "some k, v in " + term(r, 2);
      case 3 -> "every x in " + term(r, 2) + " { " + term(r, 2) + " }";
      case 4 -> term(r, 2) + " with input as " + term(r, 2);
      case 5 -> "x := " + term(r, 3);
      default -> term(r, 3);
    };
  }

  private static final String[] OPS = {
    " + ", " - ", " * ", " / ", " % ", " & ", " | ", " == ", " != ", " < ", " <= ", " > ", " >= ",
    " in ", " = "
  };

  static String term(Random r, int depth) {
    if (depth <= 0) {
      return switch (r.nextInt(6)) {
        case 0 -> Integer.toString(r.nextInt(100) - 50);
        case 1 -> "\"s" + r.nextInt(9) + "\"";
        case 2 -> "input.x" + r.nextInt(3);
        case 3 -> "true";
        case 4 -> "_";
        default -> "x";
      };
    }
    int d = depth - 1;
    return switch (r.nextInt(10)) {
      case 0 -> "[" + term(r, d) + ", " + term(r, d) + "]";
      case 1 -> "{" + term(r, d) + ": " + term(r, d) + "}";
      case 2 -> "{" + term(r, d) + ", " + term(r, d) + "}";
      case 3 -> "[x | x := " + term(r, d) + "]";
      case 4 -> "{k: v | some k, v in " + term(r, d) + "}";
      case 5 -> "f(" + term(r, d) + ")." + "y[" + term(r, d) + "]";
      case 6 -> "(" + term(r, d) + ")";
      case 7, 8 -> term(r, d) + OPS[r.nextInt(OPS.length)] + term(r, d);
      default -> term(r, 0);
    };
  }

  /** Deeply nested or very long sources, around and beyond the depth cap. */
  static String extreme(Random r) {
    int[] depths = {10, 64, 65, 500, 999, 1000, 1001, 3000};
    int n = depths[r.nextInt(depths.length)];
    String[][] shapes = {
      {"[", "]"},
      {"{", "}"},
      {"(", ")"},
      {"f(", ")"},
      {"[x | x := ", "]"},
      {"{1: ", "}"},
      {"a[", "]"},
      {"[1 + ", "]"},
      {"every x in y { ", "}"},
      {"{y | y := ", "}"}
    };
    String[] shape = shapes[r.nextInt(shapes.length)];
    String core = r.nextBoolean() ? "1" : "";
    boolean balanced = r.nextInt(4) != 0;
    return switch (r.nextInt(5)) {
      case 0 -> "package p\nx := " + "1 + ".repeat(n * 3) + "1\n";
      case 1 -> "package p\n" + "p := 1\n".repeat(n * 5);
      case 2 -> "package p\nx := \"" + "a".repeat(n * 50) + "\"\n";
      case 3 -> "package p\nx := f(1)" + ".g(1)".repeat(n) + "\n";
      default ->
          "package p\nq if { "
              + shape[0].repeat(n)
              + core
              + (balanced ? shape[1].repeat(n) : shape[1].repeat(n / 2))
              + " }\n";
    };
  }

  static String soup(Random r) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(200);
    for (int i = 0; i < n; i++) {
      s.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return s.toString();
  }
}
