/** The syntax tree of Rego modules and queries, as the parser builds it. */
package dev.weft.policy.rego.ast;
