"""The demo world's parts: its names, its resources and its job requests (see ftui.sim.world)."""
