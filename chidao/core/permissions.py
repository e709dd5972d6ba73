"""Who may do what: the one place where views, the API and commands ask.

Rules are by role, then by unit for objects that belong to a unit. Callers use
`can(user, action, obj)` to decide what to show and `require(...)` to refuse; refusals
raise `PermissionDenied`, which pages turn into 403 and the API into a JSON 403.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chidao.accounts.choices import Role


class Action(StrEnum):
    VIEW_UNITS = "units.view"
    MANAGE_UNITS = "units.manage"
    VIEW_USERS = "users.view"
    VIEW_USER = "users.view_one"
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"
    MANAGE_SETTINGS = "settings.manage"
    VIEW_DOCUMENTS = "documents.view"  # the list of documents
    VIEW_DOCUMENT = "documents.view_one"  # obj: a Document; officers: their unit's sources
    IMPORT_DOCUMENTS = "documents.import"  # upload, review, publish, correct
    VIEW_TASKS = "tasks.view"  # the task list and pages; officers see their unit's
    VIEW_TASK = "tasks.view_one"  # obj: a Task
    MANAGE_TASKS = "tasks.manage"  # add, edit, close, reopen; decide extensions
    UPDATE_ASSIGNMENT = "assignments.update"  # obj: an Assignment — report progress
    REQUEST_EXTENSION = "assignments.extend"  # obj: an Assignment
    COMMENT_TASK = "tasks.comment"  # obj: a Task
    VIEW_INDICATORS = "indicators.view"  # catalogue, targets, values and achievement
    MANAGE_INDICATORS = "indicators.manage"  # catalogue and targets
    REPORT_VALUES = "values.report"  # obj: a Unit — report or correct its figures
    VIEW_REGIMES = "regimes.view"  # regimes, reporting rates
    MANAGE_REGIMES = "regimes.manage"  # create and edit regimes
    VIEW_SUBMISSION = "submissions.view"  # obj: a Submission
    EDIT_SUBMISSION = "submissions.edit"  # obj: a Submission — fill and submit
    REVIEW_SUBMISSIONS = "submissions.review"  # accept, return, reopen
    BUILD_REPORTS = "reports.build"  # the province's consolidated report
    VIEW_REPORTS = "reports.view"


_BY_ROLE: dict[Action, set[str]] = {
    Action.VIEW_UNITS: set(Role.values),
    Action.MANAGE_UNITS: {Role.ADMIN, Role.SECRETARIAT},
    Action.VIEW_USERS: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER, Role.OFFICER},
    Action.VIEW_USER: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER},
    Action.MANAGE_USERS: {Role.ADMIN},
    Action.VIEW_AUDIT: {Role.ADMIN, Role.SECRETARIAT},
    Action.MANAGE_SETTINGS: {Role.ADMIN},
    Action.VIEW_DOCUMENTS: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER, Role.VIEWER},
    Action.VIEW_DOCUMENT: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER, Role.VIEWER},
    Action.IMPORT_DOCUMENTS: {Role.SECRETARIAT},
    Action.VIEW_TASKS: set(Role.values),
    Action.VIEW_TASK: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER, Role.VIEWER},
    Action.MANAGE_TASKS: {Role.SECRETARIAT},
    Action.UPDATE_ASSIGNMENT: set(),
    Action.REQUEST_EXTENSION: set(),
    Action.COMMENT_TASK: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER},
    Action.VIEW_INDICATORS: set(Role.values),
    Action.MANAGE_INDICATORS: {Role.SECRETARIAT},
    Action.REPORT_VALUES: {Role.SECRETARIAT},
    Action.VIEW_REGIMES: set(Role.values),
    Action.MANAGE_REGIMES: {Role.SECRETARIAT},
    Action.VIEW_SUBMISSION: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER, Role.VIEWER},
    Action.EDIT_SUBMISSION: set(),
    Action.REVIEW_SUBMISSIONS: {Role.SECRETARIAT},
    Action.BUILD_REPORTS: {Role.SECRETARIAT},
    Action.VIEW_REPORTS: {Role.ADMIN, Role.SECRETARIAT, Role.LEADER, Role.VIEWER},
}


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return str(Role.ADMIN)
    return str(user.role)


def can(user: Any, action: Action, obj: Any = None) -> bool:
    """True when `user` may perform `action` (on `obj`, when the action concerns one)."""
    role = role_of(user)
    if role is None:
        return False
    if role in _BY_ROLE[action]:
        return True
    # Object-level exceptions: people see themselves and the colleagues of their unit.
    if action is Action.VIEW_USER and obj is not None:
        if obj.pk == user.pk:
            return True
        return role == Role.OFFICER and obj.unit_id is not None and obj.unit_id == user.unit_id
    # An officer acts on the assignments of their own unit, and sees and comments on the
    # tasks their unit is assigned (as lead or support).
    if role == Role.OFFICER and user.unit_id is not None and obj is not None:
        if action in {Action.UPDATE_ASSIGNMENT, Action.REQUEST_EXTENSION}:
            return bool(obj.active and obj.unit_id == user.unit_id)
        if action in {Action.VIEW_TASK, Action.COMMENT_TASK}:
            return bool(obj.assignments.filter(unit_id=user.unit_id).exists())
        if action is Action.REPORT_VALUES:
            # obj: the Unit whose figures are reported.
            return bool(obj.pk == user.unit_id)
        if action in {Action.VIEW_SUBMISSION, Action.EDIT_SUBMISSION}:
            return bool(obj.unit_id == user.unit_id)
        if action is Action.VIEW_DOCUMENT:
            # The published directive their unit was given work by, to read the source.
            return bool(
                obj.is_published and obj.tasks.filter(assignments__unit_id=user.unit_id).exists()
            )
    return False


def require(user: Any, action: Action, obj: Any = None) -> None:
    """Raise PermissionDenied with a message the user can read unless `can(...)`."""
    if not can(user, action, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def visible_users(user: Any) -> Any:
    """The users `user` may list: everyone for staff roles, the own unit for officers."""
    from chidao.accounts.models import User

    role = role_of(user)
    if role in {Role.ADMIN, Role.SECRETARIAT, Role.LEADER}:
        return User.objects.all()
    if role == Role.OFFICER and user.unit_id:
        return User.objects.filter(unit_id=user.unit_id)
    if role is not None:
        return User.objects.filter(pk=user.pk)
    return User.objects.none()
