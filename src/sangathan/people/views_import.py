"""Importing and exporting people from the browser, for editors.

Three steps: upload; map the file's headers to the canonical columns (pre-filled from the
synonyms) and choose the Kruti Dev columns (pre-ticked where detected); a preview (a dry run:
what would be created, updated, left unchanged, flagged, and every bad row with its reason).
Confirming imports the file on a page that streams a progress bar as batches are written.
Between requests the file waits under ``DATA_DIR/people-imports/<token>/`` (never in the
session), readable only by the account that uploaded it: another account gets a 404.
"""

from __future__ import annotations

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
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangathan.core.access import reach_of, unit_get_for_user
from sangathan.core.models import Role
from sangathan.core.uploads import UploadStore
from sangathan.people.exporting import csv_lines, people_export, xlsx_write
from sangathan.people.importing import (
    COLUMNS,
    XLSX_SUFFIXES,
    ImportFileError,
    ImportRefused,
    PeopleImportResult,
    file_sample,
    people_import,
    people_import_steps,
)
from sangathan.people.importing.columns import MappingError, columns_for

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.units.models import Unit

# Uploads nobody confirmed are removed after a day.
# A preview lists this many errors; the bad-rows file has them all.
_ERRORS_SHOWN = 200
# Where the streamed page's progress goes (a comment: invisible if it were ever left in).
_MARKER = "<!--import-progress-->"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "Columns: name, relation_name, gender, birth_year (or age), phone, unit_code, "
            "household_code, locality, tags, voter_id. Other headers are matched in the next step."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", *XLSX_SUFFIXES)):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class MappingForm(forms.Form):
    """One select (canonical column) and one Kruti Dev box per header of the file."""

    unit = forms.CharField(
        label=gettext_lazy("Unit code for rows without one"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Rows whose unit_code is empty are added to this unit."),
    )
    skip_bad = forms.BooleanField(
        label=gettext_lazy("Skip bad rows and import the rest"), required=False
    )

    def __init__(self, *args: Any, headers: list[str], user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.user = user
        choices = [("", _("— leave out —")), *[(c, c) for c in COLUMNS]]
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=header or _("(no header)"), choices=choices, required=False
            )
            self.fields[f"kd_{i}"] = forms.BooleanField(label=_("Kruti Dev"), required=False)
        self.default_unit: Unit | None = None

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(h, self[f"col_{i}"], self[f"kd_{i}"]) for i, h in enumerate(self.headers)]

    def mapping(self) -> dict[str, str]:
        return {h: self.cleaned_data.get(f"col_{i}") or "" for i, h in enumerate(self.headers)}

    def krutidev(self) -> list[str]:
        mapping = self.mapping()
        return [
            h for i, h in enumerate(self.headers) if self.cleaned_data.get(f"kd_{i}") and mapping[h]
        ]

    def clean_unit(self) -> str:
        code: str = self.cleaned_data["unit"].strip()
        if code:
            try:
                self.default_unit = unit_get_for_user(self.user, code=code, role=Role.EDITOR)
            except (Http404, PermissionDenied) as exc:
                raise forms.ValidationError(
                    _("You are not an editor of any unit with the code %(code)s.") % {"code": code}
                ) from exc
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                columns_for(self.headers, self.mapping())
            except MappingError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


def _editor(request: HttpRequest) -> User:
    """Importing and exporting people is for editors (of any unit); the rows are then limited
    to the units they edit, an export to the units they see."""
    user = cast("User", request.user)
    reach = reach_of(user)
    if not (reach.everything or reach.paths(Role.EDITOR)):
        raise PermissionDenied
    return user


_UPLOADS = UploadStore("people-imports")


def _upload_of(user: User, token: UUID) -> tuple[Path, dict[str, Any]]:
    return _UPLOADS.get(user.pk, token)


def _save_meta(folder: Path, meta: dict[str, Any]) -> None:
    _UPLOADS.save_meta(folder, meta)


def _bad_path(folder: Path, meta: dict[str, Any]) -> Path:
    return folder / f"bad{meta['suffix']}"


def _unit_of(user: User, meta: dict[str, Any]) -> Unit | None:
    code = meta.get("unit") or ""
    return unit_get_for_user(user, code=code, role=Role.EDITOR) if code else None


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "people/import_upload.html", {"form": form})
    token, folder, meta = _UPLOADS.keep(user_pk=user.pk, upload=form.cleaned_data["file"])
    try:
        file_sample(_UPLOADS.source(folder, meta), meta["filename"])
    except ImportFileError as exc:
        _UPLOADS.discard(folder)
        form.add_error("file", str(exc))
        return render(request, "people/import_upload.html", {"form": form})
    _save_meta(folder, meta)
    return redirect("people_import:mapping", token)


@login_required
def mapping(request: HttpRequest, token: UUID) -> HttpResponse:
    """The mapping step (GET), and the preview it leads to (POST: a dry run)."""
    user = _editor(request)
    folder, meta = _upload_of(user, token)
    source = _UPLOADS.source(folder, meta)
    if not source.is_file():  # imported already
        raise Http404
    sample = file_sample(source, meta["filename"])
    initial: dict[str, Any] = {"unit": meta.get("unit", ""), "skip_bad": meta.get("skip_bad")}
    saved = meta.get("mapping") or {}
    kruti = set(meta.get("krutidev") or [])
    for i, header in enumerate(sample.headers):
        initial[f"col_{i}"] = saved.get(header, sample.suggested[i])
        if "krutidev" in meta:
            initial[f"kd_{i}"] = header in kruti
        else:
            initial[f"kd_{i}"] = sample.krutidev_scores[i] >= 0.5
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        headers=sample.headers,
        user=user,
        initial=initial,
    )
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "people/import_mapping.html",
            {"form": form, "token": token, "filename": meta["filename"], "sample": sample},
        )
    meta.update(
        mapping=form.mapping(),
        krutidev=form.krutidev(),
        unit=form.cleaned_data["unit"],
        skip_bad=form.cleaned_data["skip_bad"],
    )
    try:
        result = people_import(
            source=source,
            filename=meta["filename"],
            actor=user,
            mapping=meta["mapping"],
            unit=form.default_unit,
            krutidev=meta["krutidev"],
            dry_run=True,
            bad_rows=_bad_path(folder, meta),
        )
    except ImportFileError as exc:
        form.add_error(None, str(exc))
        return render(
            request,
            "people/import_mapping.html",
            {"form": form, "token": token, "filename": meta["filename"], "sample": sample},
        )
    meta["rows"] = result.rows
    _save_meta(folder, meta)
    if not result.bad:
        _bad_path(folder, meta).unlink(missing_ok=True)
    return _preview(request, token, meta, result)


def _preview(
    request: HttpRequest, token: UUID, meta: dict[str, Any], result: PeopleImportResult
) -> HttpResponse:
    return render(
        request,
        "people/import_preview.html",
        {
            "token": token,
            "filename": meta["filename"],
            "skip_bad": meta.get("skip_bad"),
            "result": result,
            "summary": [
                (_("Rows read"), result.rows),
                (_("People to add"), result.created),
                (_("People already known, blanks to fill"), result.updated),
                (_("People already known, nothing to change"), result.unchanged),
                (_("Households to add"), result.households_created),
                (_("New people who would be flagged as possible duplicates"), result.flagged),
                (_("Rows with errors"), result.bad),
            ],
            "errors": result.errors[:_ERRORS_SHOWN],
            "hidden_errors": max(0, result.errors_total - _ERRORS_SHOWN),
        },
    )


@require_POST
@login_required
def confirm(request: HttpRequest, token: UUID) -> HttpResponseBase:
    """Import, streaming the page: its top at once, a progress bar after every batch, the
    result at the end. The import runs while the response is sent, in this request."""
    user = _editor(request)
    folder, meta = _upload_of(user, token)
    source = _UPLOADS.source(folder, meta)
    if not source.is_file() or "mapping" not in meta:  # imported already, or never checked
        raise Http404
    skip_bad = bool(request.POST.get("skip_bad")) or bool(meta.get("skip_bad"))
    unit = _unit_of(user, meta)
    page = render_to_string(
        "people/import_running.html",
        {"filename": meta["filename"], "marker": _MARKER},
        request=request,
    )
    top, bottom = page.split(_MARKER, 1)
    steps = people_import_steps(
        source=source,
        filename=meta["filename"],
        actor=user,
        mapping=meta["mapping"],
        unit=unit,
        krutidev=meta["krutidev"],
        skip_bad=skip_bad,
        bad_rows=_bad_path(folder, meta),
    )

    def stream() -> Iterator[str]:
        yield top
        total = meta.get("rows") or 0
        context: dict[str, Any] = {"token": token, "filename": meta["filename"]}
        try:
            while True:
                try:
                    done = next(steps)
                except StopIteration as finished:
                    context["result"] = finished.value
                    break
                yield render_to_string(
                    "people/import_progress.html", {"done": done, "total": max(total, done)}
                )
        except ImportRefused as exc:
            context["result"] = exc.result
            context["refused"] = True
        except ImportFileError as exc:
            context["file_error"] = str(exc)
        else:
            source.unlink(missing_ok=True)
        result = context.get("result")
        if result is not None and not result.bad:
            _bad_path(folder, meta).unlink(missing_ok=True)
        if result is not None:
            context["summary"] = [
                (_("People added"), result.created),
                (_("People already known, blanks filled"), result.updated),
                (_("People already known, nothing changed"), result.unchanged),
                (_("Households added"), result.households_created),
                (_("New people flagged as possible duplicates"), result.flagged),
                (_("Rows skipped because of errors"), result.bad),
            ]
        yield render_to_string("people/import_result.html", context, request=request)
        yield bottom

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    # Proxies must pass each part on as it comes, or the progress shows only at the end.
    response["X-Accel-Buffering"] = "no"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def bad_rows(request: HttpRequest, token: UUID) -> FileResponse:
    user = _editor(request)
    folder, meta = _upload_of(user, token)
    path = _bad_path(folder, meta)
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
    """The people this account may see (under ?unit=CODE if given), as CSV (streamed) or
    XLSX (?format=xlsx). Phones in full only where the account is an editor."""
    user = _editor(request)
    unit = None
    code = request.GET.get("unit", "").strip()
    if code:
        unit = unit_get_for_user(user, code=code)
    as_xlsx = request.GET.get("format") == "xlsx"
    stamp = timezone.localdate().isoformat()
    filename = f"people-{stamp}.{'xlsx' if as_xlsx else 'csv'}"
    result = people_export(actor=user, unit=unit, filename=filename)
    if as_xlsx:
        # openpyxl needs a seekable file to build the zip; a temporary file keeps memory flat.
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        xlsx_write(result.rows, handle)
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=filename)
    response = StreamingHttpResponse(csv_lines(result.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
