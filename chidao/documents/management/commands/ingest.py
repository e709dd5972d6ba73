"""`chidao ingest FILE [--publish] [--format json] [--user USERNAME]`: import a directive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.accounts.models import User
from chidao.documents import services
from chidao.documents.choices import DocumentStatus
from chidao.documents.models import Document
from chidao.tasks.models import Assignment


class Command(BaseCommand):
    help = (
        "Import a directive (.docx, .pdf, .txt, .md; .doc with LibreOffice): store it, read "
        "its tasks as drafts for review, and with --publish publish them at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the directive")
        parser.add_argument(
            "--publish", action="store_true", help="publish the tasks when nothing blocks it"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--user", help="act as this secretariat user (default: the operator, no checks)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{opts['user']}”.")
        try:
            doc = services.upload_document(
                actor, path.name, path.read_bytes(), via="cli", background=False
            )
        except services.DuplicateDocument as exc:
            raise CommandError(
                f"{exc.messages[0]} (mã {exc.existing.uuid}); không tạo gì thêm."
            ) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if doc.status == DocumentStatus.FAILED:
            raise CommandError(doc.error)
        problems: list[str] = []
        if opts["publish"]:
            try:
                doc = services.publish(actor, doc, via="cli")
            except services.PublishRefused as exc:
                problems = exc.problems
        self._report(doc, problems, opts["format"])
        if problems:
            raise CommandError(f"Chưa ban hành: {len(problems)} vấn đề cần rà soát trên giao diện.")

    def _report(self, doc: Document, problems: list[str], fmt: str) -> None:
        tasks = doc.tasks.count()
        assignments = Assignment.objects.filter(task__document=doc, active=True).count()
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "document": str(doc.uuid),
                        "status": doc.status,
                        "kind": doc.kind,
                        "number": doc.number,
                        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
                        "title": doc.title,
                        "tasks": tasks,
                        "assignments": assignments,
                        "warnings": len(doc.warnings or []),
                        "problems": problems,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for line in problems:
            self.stdout.write(f"  - {line}")
        self.stdout.write(
            f"{doc} ({doc.uuid}): {doc.get_status_display()}, {tasks} nhiệm vụ, "
            f"{assignments} lượt giao, {len(doc.warnings or [])} cảnh báo."
        )
