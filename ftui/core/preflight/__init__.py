"""Pre-flight checks: what AWS would only find after a customization job started (and billed).

``planned_checks(draft, region)`` lists what will run; ``run_checks(session, draft, region)``
runs it, in parallel, with the caller's credentials; ``verdict(results)`` sums it up. Nothing
here changes the account: every call is a Get, List, Describe or Head.
"""

from ftui.core.preflight.result import CheckResult, PlannedCheck, Status, Verdict, verdict
from ftui.core.preflight.run import planned_checks, run_checks

__all__ = [
    "CheckResult",
    "PlannedCheck",
    "Status",
    "Verdict",
    "planned_checks",
    "run_checks",
    "verdict",
]
