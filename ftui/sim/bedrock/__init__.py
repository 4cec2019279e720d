"""Bedrock's model customization control plane, simulated with the semantics AWS documents."""
