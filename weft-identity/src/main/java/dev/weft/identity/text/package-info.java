/**
 * Untrusted text (parsed IDs, token fields, policy messages, answers of remote servers) made safe
 * to put in error messages and log lines: {@link dev.weft.identity.text.Quotes} is the one escaper
 * every Weft module uses for them.
 */
package dev.weft.identity.text;
