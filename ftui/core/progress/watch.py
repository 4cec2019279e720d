"""One job watched while it trains: its metrics read as they grow, its records counted once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.catalog import parse_model_identifier
from ftui.core.jobs import FINISHED
from ftui.core.metrics import JobMetrics, MetricsReader, metrics_files
from ftui.core.progress.estimate import Progress, progress_of, steps_per_epoch
from ftui.core.progress.records import RecordCount, sample_records

if TYPE_CHECKING:
    from ftui.core.dataset import ReportCache


def training_uri(job: Mapping[str, Any]) -> str | None:
    """The training data set's object; None for a job trained from invocation logs."""
    uri = (job.get("trainingDataConfig") or {}).get("s3Uri")
    return str(uri) if uri else None


class JobWatch:
    """The detail view and the monitor each keep one per job; call :meth:`refresh` at each poll.

    The records are counted once per job: from the dataset checker's report of the same
    version of the file when the session has one (exact), else from the file's first megabyte.
    Once the job's metrics show how many steps an epoch takes, no count is needed at all.
    """

    def __init__(
        self,
        session: AwsSession,
        region: str | None,
        job: Mapping[str, Any],
        reports: ReportCache | None = None,
    ) -> None:
        self.session = session
        self.region = region
        self.job: Mapping[str, Any] = job
        self.reports = reports
        files = metrics_files(job)
        self.reader = MetricsReader(session, region, files) if files is not None else None
        self.records: RecordCount | None = None
        self._sampled = False

    @property
    def metrics(self) -> JobMetrics | None:
        return self.reader.metrics if self.reader is not None else None

    def refresh(self, job: Mapping[str, Any], now: datetime) -> Outcome[Progress]:
        """Read what is new (nothing before training starts) and say how far the job is."""
        self.job = job
        if self.reader is not None and _trained(job):
            read = self.reader.read(final=job.get("status") in FINISHED)
            if isinstance(read, AwsError):
                return read
        metrics = self.metrics
        if self.records is None or not self.records.exact:
            self._count_records(metrics)
        return Ok(progress_of(job, metrics, self.records, now))

    def _count_records(self, metrics: JobMetrics | None) -> None:
        if metrics is not None and steps_per_epoch(metrics) is not None:
            return  # the job's own steps say it
        uri = training_uri(self.job)
        if uri is None:
            return
        if not self._sampled:
            self._sampled = True
            try:
                sampled = sample_records(self.session, self.region, uri)
            except ValueError:  # a folder, not an object: the job's validation says so
                return
            if isinstance(sampled, Ok):
                self.records = sampled.value
        checked = self._checked(uri)
        if checked is not None:
            self.records = checked

    def _checked(self, uri: str) -> RecordCount | None:
        """The checker's count of the version sampled, when this session checked it."""
        if self.reports is None or self.records is None or not self.records.etag:
            return None
        from ftui.core.dataset.cache import ReportKey  # loaded with the cache it reads

        model_id, _ = parse_model_identifier(str(self.job.get("baseModelArn") or ""))
        key = ReportKey(
            uri,
            self.records.etag,
            model_id or "",
            str(self.job.get("customizationType") or "FINE_TUNING"),
            validation=False,
        )
        report = self.reports.get(key)
        if report is None:
            return None
        return RecordCount(report.records, exact=True, source="checked", etag=self.records.etag)


def _trained(job: Mapping[str, Any]) -> bool:
    """Whether training may have begun: before, the files cannot exist and are not asked for.

    A job whose answer has no stage details (AWS documents them for distillation) is asked.
    """
    training = (job.get("statusDetails") or {}).get("trainingDetails")
    if not training:
        return True
    return training.get("status", "NotStarted") != "NotStarted" or job.get("status") == "Completed"
