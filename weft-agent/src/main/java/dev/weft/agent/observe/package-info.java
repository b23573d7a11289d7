/** How calls are observed: spans with W3C trace context, metrics, breaker states. */
package dev.weft.agent.observe;
