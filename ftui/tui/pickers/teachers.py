"""The teacher of a distillation: the catalog's teachers of the student, in the job's region."""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page, teachers
from ftui.core.resources.teachers import TeacherChoice
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.choices import Column, Row
from ftui.tui.pickers.levels import Level, Source

COLUMNS = (Column("Teacher", 16), Column("Model"), Column("Invocation", 17))


class TeacherPicker(PickerScreen):
    def __init__(self, *, region: str, current: str | None, student_model: str | None) -> None:
        super().__init__("teacher", region=region, title="Teacher model")
        self.current = current
        self.student = student_model or ""

    def start(self) -> None:
        where = f"for {self.student}" if self.student else "(choose the student model first)"
        noun = f"teachers for this student in {self.aws_region}" if self.student else "teachers"
        source = Source(teachers.TEACHERS, self.aws_region, self.student)
        self.go([(Level(source, where, COLUMNS, noun), None)], wanted=self.current)

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        if not source.parent:
            return Ok(Page([]))  # no student, no teachers: nothing to ask AWS
        return teachers.list_teachers(session, source.region, source.parent)

    def row(self, item: Any) -> Row:
        assert isinstance(item, TeacherChoice)
        return Row(item.cells, style="dim" if item.note else "")

    def hint(self, item: Any) -> str:
        if isinstance(item, TeacherChoice):
            return f"{item.value}  ({item.note})" if item.note else item.value
        return ""
