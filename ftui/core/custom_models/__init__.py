"""Custom models after their job: what they are, what serves them, and the requests that deploy
them (on demand or with Provisioned Throughput). No AWS calls here: see ``ftui.core.aws.serving``.
"""
