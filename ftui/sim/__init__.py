"""The local AWS emulator: moto for S3, IAM, EC2, KMS, STS and Lambda, our own Bedrock in front.

Loaded only by ``ftui --demo``, ``ftui sim`` and the tests; it needs the ``demo`` extra.
"""
