"""Background work of the documents app (Huey; run by `chidao worker`)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from chidao.documents import services


@db_task(retries=1, retry_delay=5)
def extract_document(document_pk: int) -> None:
    """Read an uploaded file in the background; progress is saved on the document."""
    doc = services.run_extraction(document_pk, via="worker")
    services.notify_ready(doc)
