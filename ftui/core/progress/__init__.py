"""How far a job has trained and when it may end, stated as an estimate and on what it rests."""

from ftui.core.progress.estimate import Progress, progress_of
from ftui.core.progress.plan import ASSUMED_BATCH_SIZE, TrainingPlan, training_plan
from ftui.core.progress.records import RecordCount

__all__ = [
    "ASSUMED_BATCH_SIZE",
    "Progress",
    "RecordCount",
    "TrainingPlan",
    "progress_of",
    "training_plan",
]
