/** The syntax tree of Rego modules and queries, as the parser builds it; not API. */
package dev.weft.policy.rego.internal.ast;
