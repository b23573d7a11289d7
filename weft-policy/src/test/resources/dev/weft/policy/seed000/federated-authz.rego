# federated-authz.rego
package agentweave.authz.federated

import rego.v1

default allow := false

# Allow calls within same trust domain
allow if {
    same_trust_domain
}

# Allow calls from federated trust domains
allow if {
    federated_trust_domain
    valid_action
}

same_trust_domain if {
    caller_domain := split(input.caller_spiffe_id, "/")[2]
    callee_domain := split(input.callee_spiffe_id, "/")[2]
    caller_domain == callee_domain
}

federated_trust_domain if {
    caller_domain := split(input.caller_spiffe_id, "/")[2]
    caller_domain in data.federation.allowed_domains
}

valid_action if {
    # Check action is allowed for the caller
    input.action in data.federation.allowed_actions[input.caller_spiffe_id]
}
