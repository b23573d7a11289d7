/** The Rego parser: v1 syntax, and v0 syntax for OPA's v0-compatibility mode. */
package dev.weft.policy.rego.parser;
