"""Web imports of the target directory run in the worker (docs/targets-import.md, "网页导入").

:func:`import_run_start` keeps the uploaded file in the evidence store (content-addressed, never in the
database), records an ``ImportRun`` and queues :func:`import_run_task` once that row is committed. The worker
claims the run by compare-and-set (queued → running), copies the file to a local temporary file (openpyxl needs
to seek), and calls ``imports.targets_import``, which writes the targets, the run's outcome and the log event in
one transaction.

Progress: while the rows are written, the transaction holds the run's row (and, on SQLite, the whole database
for writing), so progress cannot go through the database. The worker writes it to a small JSON file in the data
dir instead (``<data dir>/imports/<run id>.json``, replaced atomically, at most every ``PROGRESS_EVERY`` s);
:func:`run_status` reads the row and, while the run is active, that file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from sanxiang.accounts.models import Role, User
from sanxiang.core.errors import DomainError, InvalidInput, NotAllowed
from sanxiang.inspections import imports
from sanxiang.inspections.models import ImportRun
from sanxiang.records.evidence_store import EvidenceStore
from sanxiang.records.models_evidence import EvidenceBlob

logger = logging.getLogger(__name__)
IMPORTER_ROLES = {Role.UNIT_HEAD, Role.LEADER, Role.SYSTEM_ADMIN}
PROGRESS_EVERY = 0.3
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
ENCODINGS = {"": "自动识别", "utf-8": "UTF-8", "gb18030": "GB18030 / GBK"}


# --- who may import -----------------------------------------------------------------------------------------


def may_import(user) -> bool:
    """承办机构负责人, 机关负责人 and 系统管理员 maintain the target directory; officers only read it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user.role_codes & IMPORTER_ROLES)


def check_may_import(user) -> None:
    if not may_import(user):
        raise NotAllowed("只有承办机构负责人、机关负责人或系统管理员可以导入检查对象名录。")


def access_import_run(user, run_id) -> ImportRun:
    """The run when ``user`` may import (every importer sees every run: the directory is the agency's); 404
    otherwise, the same answer for "does not exist" and "not yours"."""
    try:
        pk = int(run_id)
    except (TypeError, ValueError):
        raise Http404("导入记录不存在。") from None
    run = ImportRun.objects.filter(pk=pk).select_related("started_by").first() if may_import(user) else None
    if run is None:
        raise Http404("导入记录不存在。")
    return run


# --- starting a run -----------------------------------------------------------------------------------------


def import_run_start(
    *, actor: User, upload: BinaryIO, file_name: str, size: int, valid_only: bool, encoding: str = ""
) -> ImportRun:
    """Store the uploaded file and queue its import. Raises ``NotAllowed`` / ``InvalidInput``."""
    check_may_import(actor)
    if encoding not in ENCODINGS:
        raise InvalidInput("文字编码只能选择自动识别、UTF-8 或 GB18030。")
    lower = file_name.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise InvalidInput(
            f"“{file_name}”不是 .xlsx 或 .csv 文件：请在表格软件中另存为 .xlsx 或 .csv 后上传。"
        )
    if size == 0:
        raise InvalidInput("上传的文件是空的，请重新选择文件。")
    if size > MAX_UPLOAD_BYTES:
        raise InvalidInput(f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请分成几个文件导入。")
    stored = EvidenceStore.current().ingest(upload)
    with transaction.atomic():
        blob, _created = EvidenceBlob.objects.get_or_create(
            algorithm=stored.algorithm,
            digest=stored.digest,
            defaults={"size": stored.size, "storage_key": stored.key},
        )
        run = ImportRun.objects.create(
            source=ImportRun.Source.WEB,
            file_name=file_name[:255],
            file_format="xlsx" if lower.endswith(".xlsx") else "csv",
            encoding=encoding,
            file_blob=blob,
            valid_only=valid_only,
            started_by=actor,
        )
        transaction.on_commit(lambda: import_run_task.enqueue(run.pk))
    return run


# --- the worker's side --------------------------------------------------------------------------------------


@task()
def import_run_task(run_id: int) -> str:
    return import_run_execute(run_id=run_id)


def import_run_execute(*, run_id: int) -> str:
    """Run one queued import; returns its status. A run already claimed (by another worker) is left alone."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    if claimed != 1:
        return "not queued"
    run = ImportRun.objects.select_related("file_blob", "started_by").get(pk=run_id)
    progress = ProgressFile(run.pk)
    try:
        with tempfile.TemporaryDirectory(prefix="sanxiang-import-") as folder:
            local = Path(folder) / ("upload." + (run.file_format or "csv"))
            with EvidenceStore.current().open(run.file_blob.storage_key) as source, open(local, "wb") as copy:
                shutil.copyfileobj(source, copy, 1024 * 1024)
            imports.targets_import(actor=run.started_by, path=local, file_name=run.file_name,
                                   valid_only=run.valid_only, encoding=run.encoding or None,
                                   progress=progress, run=run)  # fmt: skip
    except DomainError as exc:
        _fail(run_id, exc.message)
    except Exception:
        logger.exception("target import %s failed", run_id)
        _fail(run_id, "导入时发生系统错误，已全部回滚，未导入任何检查对象。请稍后重试或联系系统管理员。")
    finally:
        progress.remove()
    return ImportRun.objects.values_list("status", flat=True).get(pk=run_id)


def _fail(run_id: int, message: str) -> None:
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportRun.Status.FAILED, message=message, finished_at=timezone.now()
    )


def progress_path(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / f"{run_id}.json"


class ProgressFile:
    """``imports.Progress`` that writes ``{"phase", "done", "total"}`` to the run's progress file."""

    def __init__(self, run_id: int):
        self.path = progress_path(run_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.written_at = 0.0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.written_at < PROGRESS_EVERY and done != total:
            return
        self.written_at = now
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
        os.replace(temporary, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


# --- reading the state --------------------------------------------------------------------------------------


def run_status(run: ImportRun) -> dict:
    """What the progress page shows, also served as JSON: status, phase, rows done of total, counts."""
    phase, done, total = None, run.progress_done, run.rows_total or None
    if run.status == ImportRun.Status.RUNNING:
        try:
            live = json.loads(progress_path(run.pk).read_text())
        except (OSError, ValueError):
            live = {}
        phase, done, total = live.get("phase"), live.get("done", 0), live.get("total")
    labels = {"validate": "正在校验", "write": "正在写入"}
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": labels.get(phase, run.get_status_display()),
        "finished": run.finished,
        "phase": phase,
        "done": done,
        "total": total,
        "percent": min(100, 100 * done // total) if total else None,
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
        "rejected": run.rejected_count,
        "message": run.message,
    }
