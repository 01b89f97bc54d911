"""Importing and exporting the unit tree from the browser.

An upload is checked first (a dry run shown as a preview) and imported only when the admin
confirms. Between the two requests the file waits on disk under ``DATA_DIR/imports/<token>/``
(never in the session, which would carry megabytes in every request), readable only by the
account that uploaded it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangathan.core.access import is_admin_anywhere
from sangathan.core.uploads import UploadStore
from sangathan.units.exporting import csv_lines, units_export, xlsx_write
from sangathan.units.importing import (
    XLSX_SUFFIXES,
    ImportFileError,
    ImportRefused,
    ImportResult,
    bad_rows_write,
    units_import,
)

if TYPE_CHECKING:
    from sangathan.core.models import User

# Uploads nobody confirmed are removed after a day.
# A preview lists this many errors; the bad-rows file has them all.
_ERRORS_SHOWN = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("Columns: level, code, name_hi, name_en, parent_code."),
    )
    skip_bad = forms.BooleanField(
        label=gettext_lazy("Skip bad rows and import the rest"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", *XLSX_SUFFIXES)):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def _admin(request: HttpRequest) -> User:
    """Only an account with an admin grant somewhere imports; the rows are then limited to the
    units it administers."""
    user = cast("User", request.user)
    if not is_admin_anywhere(user):
        raise PermissionDenied
    return user


_UPLOADS = UploadStore("imports")


def _upload_of(user: User, token: UUID) -> tuple[Path, dict[str, Any]]:
    return _UPLOADS.get(user.pk, token)


def _preview(
    request: HttpRequest, token: UUID, meta: dict[str, Any], result: ImportResult
) -> HttpResponse:
    return render(
        request,
        "units/import_preview.html",
        {
            "token": token,
            "filename": meta["filename"],
            "skip_bad": meta["skip_bad"],
            "result": result,
            "summary": [
                (_("Units to add"), result.created),
                (_("Units to rename"), result.updated),
                (_("Units already up to date"), result.unchanged),
                (_("Rows with errors"), result.bad),
            ],
            "errors": result.errors[:_ERRORS_SHOWN],
            "hidden_errors": max(0, len(result.errors) - _ERRORS_SHOWN),
            "good": result.created + result.updated + result.unchanged,
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "units/import_upload.html", {"form": form})
    token, folder, meta = _UPLOADS.keep(
        user_pk=user.pk,
        upload=form.cleaned_data["file"],
        skip_bad=form.cleaned_data["skip_bad"],
    )
    try:
        result = units_import(
            source=_UPLOADS.source(folder, meta),
            filename=meta["filename"],
            actor=user,
            dry_run=True,
        )
    except ImportFileError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        form.add_error("file", str(exc))
        return render(request, "units/import_upload.html", {"form": form})
    return _preview(request, token, meta, result)


@require_POST
@login_required
def confirm(request: HttpRequest, token: UUID) -> HttpResponse:
    user = _admin(request)
    folder, meta = _upload_of(user, token)
    source = _UPLOADS.source(folder, meta)
    if not source.is_file():  # already imported: a second click changes nothing
        raise Http404
    meta["skip_bad"] = bool(request.POST.get("skip_bad"))
    try:
        result = units_import(
            source=source, filename=meta["filename"], actor=user, skip_bad=meta["skip_bad"]
        )
    except ImportRefused as exc:
        return _preview(request, token, meta, exc.result)
    except ImportFileError as exc:
        return render(
            request,
            "units/import_upload.html",
            {"form": UploadForm(), "file_error": str(exc)},
        )
    source.unlink()
    if result.bad:
        bad_rows_write(result=result, target=folder / f"bad{meta['suffix']}")
    summary = [
        (_("Units added"), result.created),
        (_("Units renamed"), result.updated),
        (_("Units already up to date"), result.unchanged),
        (_("Rows skipped because of errors"), result.bad),
    ]
    return render(
        request,
        "units/import_done.html",
        {"token": token, "filename": meta["filename"], "result": result, "summary": summary},
    )


@login_required
def bad_rows(request: HttpRequest, token: UUID) -> FileResponse:
    user = _admin(request)
    folder, meta = _upload_of(user, token)
    path = folder / f"bad{meta['suffix']}"
    if not path.is_file():
        raise Http404
    stem = Path(meta["filename"]).stem
    return FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=f"{stem}-bad-rows{meta['suffix']}",
    )


@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    """The units this account may see, as CSV (streamed) or XLSX (?format=xlsx)."""
    user = cast("User", request.user)
    as_xlsx = request.GET.get("format") == "xlsx"
    filename = f"units-{timezone.localdate().isoformat()}.{'xlsx' if as_xlsx else 'csv'}"
    result = units_export(actor=user, filename=filename)
    if as_xlsx:
        # openpyxl needs a seekable file to build the zip; a temporary file keeps memory flat.
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        xlsx_write(result.rows, handle)
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=filename)
    response = StreamingHttpResponse(
        _with_bom(csv_lines(result.rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    """Excel opens a CSV as UTF-8 (and shows Hindi) only when it starts with a BOM."""
    yield "\ufeff"
    yield from lines
