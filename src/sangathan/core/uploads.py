"""Files uploaded for a multi-step import (preview, then confirm), kept on disk between steps.

Each upload gets a random token and a folder under the data directory holding the file and a
``meta.json`` that names the account that uploaded it: only that account can use the token,
anyone else gets 404. Folders older than a day are removed when the next upload arrives.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.utils import timezone

KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class UploadStore:
    """One kind of upload (``imports`` for units, ``people-imports`` for people)."""

    folder_name: str

    @property
    def root(self) -> Path:
        return Path(settings.DATA_DIR) / self.folder_name

    def forget_old(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - KEEP_SECONDS
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)

    def keep(
        self, *, user_pk: int, upload: UploadedFile, **extra: Any
    ) -> tuple[UUID, Path, dict[str, Any]]:
        """Write ``upload`` to a new token's folder; returns (token, folder, meta). The meta is
        saved at once, so a later step finds it even if the caller adds nothing."""
        self.forget_old()
        token = uuid.uuid4()
        folder = self.root / str(token)
        folder.mkdir(parents=True)
        name = Path(upload.name or "upload").name
        meta: dict[str, Any] = {
            "user": user_pk,
            "filename": name,
            "suffix": Path(name).suffix.lower(),
            "uploaded_at": timezone.now().isoformat(),
            **extra,
        }
        with open(self.source(folder, meta), "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        self.save_meta(folder, meta)
        return token, folder, meta

    def get(self, user_pk: int, token: UUID) -> tuple[Path, dict[str, Any]]:
        """The folder and description of ``token``'s upload; 404 unless ``user_pk`` made it."""
        folder = self.root / str(token)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Http404 from exc
        if meta.get("user") != user_pk:
            raise Http404
        return folder, meta

    @staticmethod
    def save_meta(folder: Path, meta: dict[str, Any]) -> None:
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @staticmethod
    def source(folder: Path, meta: dict[str, Any]) -> Path:
        return folder / f"upload{meta['suffix']}"

    @staticmethod
    def discard(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
