"""A job's training metrics: where Bedrock writes them, how they read, and only what is new.

Bedrock writes two CSV files under the job's output (user guide, "Analyze the results of a
model customization job"): a row per logged training step, and a row per validation pass. ftui
reads them while the job trains, fetching only the bytes added since the last read.
"""

from ftui.core.metrics.files import MetricsFiles, metrics_files
from ftui.core.metrics.reader import JobMetrics, MetricsReader
from ftui.core.metrics.rows import MetricRow, Series, parse_rows

__all__ = [
    "JobMetrics",
    "MetricRow",
    "MetricsFiles",
    "MetricsReader",
    "Series",
    "metrics_files",
    "parse_rows",
]
