/**
 * The three agents of the local multi-cloud mesh that {@code weft up} starts (seeds 000 and 001):
 * an orchestrator in the AWS trust domain, a search agent in GCP and a processor in Azure. Their
 * capability names follow seed 000's federation data, which allows the orchestrator {@code search}
 * and {@code process}, the search agent {@code search}, and the processor {@code process}; so the
 * cross-cloud chain AWS &rarr; GCP &rarr; Azure &rarr; AWS is {@code cross_cloud_test} &rarr;
 * {@code search} &rarr; {@code search} &rarr; {@code process}.
 */
package dev.weft.agent.demo;
