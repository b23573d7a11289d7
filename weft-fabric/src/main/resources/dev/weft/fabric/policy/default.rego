# The fabric's built-in policy. A node asks it, once per (peer, action, name) and policy revision,
# whether a workload may subscribe to or publish on a name. The input:
#
#   {"action": "subscribe" | "publish",
#    "name": "org/namespace/service[/id]", "components": ["org", "namespace", ...],
#    "peer": {"spiffe_id": "...", "trust_domain": "..."},
#    "node": {"id": "...", "domain": "...", "trust_domain": "...", "federation": ["td", ...]}}
#
# Ownership: an org is owned by the trust domain of the same name, and by the trust domains that
# data.weft.fabric.owners lists for it, e.g. {"weft": {"fabric": {"owners": {"acme": ["a.test"]}}}}.
package weft.fabric.authz

default allow := false

owned_by(org, td) if org == td

owned_by(org, td) if td in data.weft.fabric.owners[org]

org := input.components[0]

# A workload subscribes only under names its trust domain owns.
subscribe_owned_org if {
	input.action == "subscribe"
	owned_by(org, input.peer.trust_domain)
}

# A workload of a federated trust domain publishes to names that a federated trust domain owns.
publish_federated_org if {
	input.action == "publish"
	input.peer.trust_domain in input.node.federation
	some td in input.node.federation
	owned_by(org, td)
}

allow if subscribe_owned_org

allow if publish_federated_org

deny contains msg if {
	input.action == "subscribe"
	not subscribe_owned_org
	msg := sprintf("rule subscribe_owned_org: trust domain %s does not own org %s", [input.peer.trust_domain, org])
}

deny contains msg if {
	input.action == "publish"
	not publish_federated_org
	msg := sprintf("rule publish_federated_org: %s may not publish to org %s (no federated trust domain owns it)", [input.peer.trust_domain, org])
}

deny contains msg if {
	not input.action in {"subscribe", "publish"}
	msg := sprintf("rule known_action: unknown action %v", [input.action])
}
