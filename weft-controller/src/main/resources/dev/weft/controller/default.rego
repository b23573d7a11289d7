# The fabric controller's built-in policy. The controller asks it whether a node may register,
# and whether a caller of the JSON API over mutual TLS may read or change the fabric. The input:
#
#   {"action": "register" | "read" | "write",
#    "peer": {"spiffe_id": "...", "trust_domain": "...", "path": "/..."},
#    "node": {"id": "...", "domain": "..."},                   (register)
#    "request": {"method": "GET", "path": "/v1/nodes"},         (read, write)
#    "controller": {"spiffe_id": "...", "trust_domain": "..."}}
#
# Mutual TLS has already proved the peer's SPIFFE ID against a bundle the controller holds (its
# own trust domain's or a federated one's). data.weft.fabric.controller.domains may bind a domain
# to the trust domains whose nodes may join it, e.g.
# {"weft": {"fabric": {"controller": {"domains": {"cluster-a": ["cluster-a.example"]}}}}}.
package weft.fabric.controller

default allow := false

domain_bound := data.weft.fabric.controller.domains[input.node.domain]

domain_allows if not domain_bound

domain_allows if input.peer.trust_domain in domain_bound

# A node registers with a SPIFFE ID under /fabric/, into a domain its trust domain may join.
register_fabric_node if {
	input.action == "register"
	startswith(input.peer.path, "/fabric/")
	domain_allows
}

# People and automation of the controller's own trust domain operate the fabric.
operator if {
	input.action in {"read", "write"}
	input.peer.trust_domain == input.controller.trust_domain
	some prefix in ["/weft/user/", "/weft/admin/"]
	startswith(input.peer.path, prefix)
}

allow if register_fabric_node

allow if operator

deny contains msg if {
	input.action == "register"
	not startswith(input.peer.path, "/fabric/")
	msg := sprintf("rule register_fabric_node: %s is not a fabric node (expected: a SPIFFE ID under /fabric/)", [input.peer.spiffe_id])
}

deny contains msg if {
	input.action == "register"
	startswith(input.peer.path, "/fabric/")
	not domain_allows
	msg := sprintf("rule register_fabric_node: trust domain %s may not join domain %s", [input.peer.trust_domain, input.node.domain])
}

deny contains msg if {
	input.action in {"read", "write"}
	not operator
	msg := sprintf("rule operator: %s may not %s the fabric (expected: /weft/user/ or /weft/admin/ of %s)", [input.peer.spiffe_id, input.action, input.controller.trust_domain])
}

deny contains msg if {
	not input.action in {"register", "read", "write"}
	msg := sprintf("rule known_action: unknown action %v", [input.action])
}
