"""Fix it from ftui: what a user would otherwise leave for the AWS console to do.

Upload a local data file to S3 (:mod:`ftui.core.fixes.upload`) and create the job's service
role (:mod:`ftui.core.fixes.roles`). Both change the account, so read-only mode refuses them
before anything is sent.
"""

from ftui.core.fixes.roles import (
    POLICY_NAME,
    ROLE_WITHOUT_POLICY,
    RolePlan,
    create_service_role,
    role_plan,
)
from ftui.core.fixes.upload import ObjectExists, destination, upload_file

__all__ = [
    "POLICY_NAME",
    "ROLE_WITHOUT_POLICY",
    "ObjectExists",
    "RolePlan",
    "create_service_role",
    "destination",
    "role_plan",
    "upload_file",
]
