"""`chidao synth` also makes directives, tasks, assignments and progress updates."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from chidao.documents.models import Document
from chidao.tasks import synth as task_synth
from chidao.tasks.models import Assignment, ProgressUpdate, Task
from chidao.units.synth import SCALES, synth_units, synth_users

pytestmark = pytest.mark.django_db


def test_synth_tasks_makes_the_volume_once_with_dates_in_the_past(monkeypatch: Any) -> None:
    monkeypatch.setitem(task_synth.VOLUMES, "demo", task_synth.Volume(3, 4, 2, 5))
    plan = SCALES["demo"]
    synth_units(plan, random.Random(1))
    synth_users(plan, random.Random(2))

    counts = task_synth.synth_tasks(plan, random.Random(3))
    again = task_synth.synth_tasks(plan, random.Random(3))

    assert counts == {"document": 3, "task": 12, "assignment": 24, "update": 120}
    assert again == {"document": 0, "task": 0, "assignment": 0, "update": 0}
    assert Document.objects.filter(number__endswith="-SYN").count() == 3
    assert not Task.objects.filter(search_text="").exists()
    # Each task has a lead and a distinct co-unit.
    per_task = Assignment.objects.values("task").annotate(n=Count("unit", distinct=True))
    assert {row["n"] for row in per_task} == {2}
    # Progress updates carry their own dates (not all "now"), none in the future.
    now = timezone.now()
    stamps = set(ProgressUpdate.objects.values_list("created_at", flat=True))
    assert len(stamps) > 20
    assert max(stamps) <= now + dt.timedelta(days=1)
    assert ProgressUpdate._meta.get_field("created_at").auto_now_add  # restored
    done = Assignment.objects.filter(completed_on__isnull=False)
    assert not done.exclude(progress=100).exists()
