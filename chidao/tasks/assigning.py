"""Turning a published task's unit mentions into assignments, succession included.

`assign` is called by the publishing service inside its transaction. A mention of a unit
gives that unit an assignment; a mention of a group gives one to each member the group had
on the document's date ("UBND cấp huyện" in 2024 → the districts of 2024). A unit that has
ceased to exist by today hands its share to `Unit.current_successors(today)`: the original
assignment is kept, inactive, and each successor gets an active one with `inherited_from`
and `transferred_on` recorded — so a 2024 task to the districts shows the communes that
carry it today, and the history still names the district.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from chidao.core import audit
from chidao.tasks.choices import AssignmentRole
from chidao.tasks.models import Assignment, Task
from chidao.tasks.services import refresh_list_columns
from chidao.units.models import Unit


def task_day(task: Task) -> dt.date:
    """The date the task's unit mentions are read at: the document's date (issued, else the
    meeting it records), else the day the task was created."""
    doc = task.document
    if doc is not None:
        day = doc.issued_on or doc.meeting_date
        if day is not None:
            return day
        return timezone.localtime(doc.created_at).date()
    return timezone.localtime(task.created_at).date() if task.created_at else timezone.localdate()


def _mentioned_units(task: Task, day: dt.date) -> dict[int, tuple[Unit, str]]:
    """unit pk → (unit, role) for every unit the task names, groups expanded on `day`.
    A unit named both as lead and as support is lead."""
    wanted: dict[int, tuple[Unit, str]] = {}
    for mention in task.mentions.select_related("unit", "group"):
        if mention.unit is not None:
            units = [mention.unit]
        elif mention.group is not None:
            units = list(mention.group.members_on(day))
        else:
            continue
        for unit in units:
            held = wanted.get(unit.pk)
            if held is None or (
                mention.role == AssignmentRole.LEAD and held[1] != AssignmentRole.LEAD
            ):
                wanted[unit.pk] = (unit, mention.role)
    return wanted


def assign(
    task: Task, actor: Any, *, today: dt.date | None = None, via: str = "web"
) -> list[Assignment]:
    """Create the assignments of `task` from its mentions; returns every row created
    (inactive originals first, then the active ones). Idempotent: a unit that already has an
    active assignment on the task gets no second one. Refreshes the task list's columns and
    records one audit event."""
    today = today or timezone.localdate()
    day = task_day(task)
    taken = set(task.assignments.filter(active=True).values_list("unit_id", flat=True))
    created: list[Assignment] = []

    def make(unit: Unit, role: str, **extra: Any) -> Assignment:
        row = Assignment.objects.create(
            task=task,
            unit=unit,
            role=role,
            due_date=task.due_date,
            original_due_date=task.due_date,
            **extra,
        )
        created.append(row)
        return row

    for unit, role in _mentioned_units(task, day).values():
        if unit.pk in taken:
            continue
        successors = [] if unit.is_valid_on(today) else unit.current_successors(today)
        if not successors:
            # Still in existence, or gone without anyone recorded to carry its work: the
            # share stays visible on the unit itself rather than silently disappearing.
            make(unit, role)
            taken.add(unit.pk)
            continue
        original = make(unit, role, active=False)
        handed_on = (unit.valid_to + dt.timedelta(days=1)) if unit.valid_to else today
        for successor in successors:
            if successor.pk in taken:
                continue
            make(successor, role, inherited_from=original, transferred_on=handed_on)
            taken.add(successor.pk)
    if created:
        refresh_list_columns([task.pk])
        audit.record(
            actor,
            "task.assign",
            task,
            after={
                "assignments": [
                    {
                        "unit": a.unit.name,
                        "role": a.role,
                        "active": a.active,
                        "inherited_from": a.inherited_from.unit.name if a.inherited_from else None,
                    }
                    for a in created
                ]
            },
            via=via,
        )
    return created
