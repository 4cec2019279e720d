"""The keys of each place as its help (F1, ?) shows them, grouped by what the user is doing.

Rows name the bindings they document by id (the help reads their keys from the bindings, so a
``[keymap]`` shows); ``tests/tui/test_help.py`` checks that no binding is left out.
"""

from __future__ import annotations

from ftui.tui.screens.help import Row, Section

JOBS: tuple[Section, ...] = (
    Section(
        "Jobs",
        (
            Row("Move between jobs", keys="↑ ↓ PgUp PgDn g G"),
            Row("Open the job", ("jobs.open",)),
            Row("Filter names: text or regex, ! inverts", ("jobs.filter",)),
            Row("Clear the filter", ("jobs.clear",)),
            Row(
                "Running, completed, failed, stopped; all",
                (
                    "jobs.show_running",
                    "jobs.show_completed",
                    "jobs.show_failed",
                    "jobs.show_stopped",
                    "jobs.show_all",
                ),
            ),
            Row(
                "Sort by name, status, stage, type",
                ("jobs.sort_name", "jobs.sort_status", "jobs.sort_stage", "jobs.sort_kind"),
            ),
            Row(
                "Sort by base model, custom model",
                ("jobs.sort_base_model", "jobs.sort_custom_model"),
            ),
            Row(
                "Sort by created, elapsed, region (twice: reversed)",
                ("jobs.sort_created", "jobs.sort_elapsed", "jobs.sort_region"),
            ),
            Row("Poll now; pause polling", ("jobs.refresh", "jobs.pause")),
            Row("Copy the job's ARN", ("jobs.copy",)),
            Row("New draft", ("jobs.new",)),
            Row("Mark (up to 4), then compare them", ("jobs.mark", "jobs.compare")),
        ),
    ),
)


COMPARE: tuple[Section, ...] = (
    Section(
        "Compare",
        (
            Row("Back to the jobs", ("compare.back",)),
            Row("Loss or perplexity", ("compare.perplexity",)),
            Row("By step or by epoch", ("compare.by_epoch",)),
            Row("Read the jobs again", ("compare.reload",)),
        ),
    ),
)


JOB_DETAIL: tuple[Section, ...] = (
    Section(
        "Job",
        (
            Row("Scroll", keys="↑ ↓ PgUp PgDn"),
            Row("Back to the jobs", ("detail.back",)),
            Row("Stop the job (asks first)", ("detail.stop",)),
            Row("Clone into a new draft", ("detail.clone",)),
            Row("Export as --cli-input-json (asks where)", ("detail.export",)),
            Row("Its custom model: deploy, try, delete", ("detail.model",)),
            Row("Copy the ARN", ("detail.copy",)),
        ),
    ),
    Section(
        "Curves",
        (
            Row("Loss or perplexity", ("detail.perplexity",)),
            Row("By step or by epoch", ("detail.by_epoch",)),
        ),
    ),
)


PROFILES: tuple[Section, ...] = (
    Section(
        "Profiles",
        (
            Row("Move between profiles", keys="↑ ↓ PgUp PgDn"),
            Row("Open in the wizard", ("profiles.open",)),
            Row("New draft", ("profiles.new",)),
            Row("Duplicate; rename", ("profiles.duplicate", "profiles.rename")),
            Row("Delete (the file is kept aside)", ("profiles.delete",)),
            Row("Read the folder again", ("profiles.reload",)),
        ),
    ),
)


MODELS: tuple[Section, ...] = (
    Section(
        "Custom models",
        (
            Row("Move between models", keys="↑ ↓ PgUp PgDn"),
            Row("Open the model", keys="Enter"),
            Row("Filter names, bases, jobs: text or regex, ! inverts", ("models.filter",)),
            Row("Clear the filter", ("models.clear",)),
            Row(
                "Sort by name, base, created, status (twice: reversed)",
                (
                    "models.sort_name",
                    "models.sort_base",
                    "models.sort_created",
                    "models.sort_status",
                ),
            ),
            Row("Sort by serving, region", ("models.sort_serving", "models.sort_region")),
            Row("Deploy (says what it bills first)", ("models.deploy",)),
            Row("Try it beside its base model", ("models.try",)),
            Row("Delete (refused while it is deployed)", ("models.delete",)),
            Row("Read again; copy the ARN", ("models.refresh", "models.copy")),
        ),
    ),
)


MODEL: tuple[Section, ...] = (
    Section(
        "Custom model",
        (
            Row("Scroll", keys="↑ ↓ PgUp PgDn"),
            Row("Back to the models", ("model.back",)),
            Row("Deploy; undeploy", ("model.deploy", "model.undeploy")),
            Row("Try it beside its base model", ("model.try",)),
            Row("The job that made it", ("model.job",)),
            Row("Delete (refused while it is deployed)", ("model.delete",)),
            Row("Copy the ARN clients call (else the model's)", ("model.copy",)),
            Row("Read again", ("model.reload",)),
        ),
    ),
)


TRY: tuple[Section, ...] = (
    Section(
        "Try it",
        (
            Row("Send the prompt to both models", ("try.send",)),
            Row("A prompt from the job's data: next, previous", ("try.next", "try.previous")),
            Row("Next field", keys="Tab Shift+Tab"),
            Row("Back (stops the answers)", ("try.back",)),
        ),
    ),
)
