package agentweave.authz

default allow = false

# Allow from same cloud region
allow {
    caller_region := split(input.caller.spiffe_id, "/")[3]
    our_region := split(input.agent.spiffe_id, "/")[3]
    caller_region == our_region
}

# Allow specific cross-cloud calls
allow {
    # AWS orchestrator can call GCP workers
    input.caller.spiffe_id == "spiffe://example.org/region/aws-us-east-1/orchestrator"
    startswith(input.agent.spiffe_id, "spiffe://example.org/region/gcp-us-central1/worker")
}

# Allow cross-cloud for specific capabilities only
allow {
    input.request.method in ["ping", "health_check", "status"]
}

