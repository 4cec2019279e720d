"""The simulated Bedrock runtime: Converse and ConverseStream against the demo's models.

A custom model answers from its training data, a base model generically, so the demo shows
what a fine-tune changes. See :mod:`ftui.sim.runtime.routes` for the wire, and
:mod:`ftui.sim.runtime.resolve` for which model IDs are served.
"""
