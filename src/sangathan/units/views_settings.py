"""Settings pages for the administrators of the whole organisation: levels and posts."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sangathan.core.views_common import AuthedRequest
from sangathan.units.forms import (
    LevelsForm,
    PostTypeForm,
    add_service_errors,
)
from sangathan.units.models import Level, PostType
from sangathan.units.selectors import (
    is_top_admin,
    levels_with_counts,
)
from sangathan.units.services import (
    levels_set,
    parse_level_spec,
    post_type_save,
)
from sangathan.units.views import _page


def _require_top_admin(request: AuthedRequest) -> None:
    if not is_top_admin(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
def levels(request: AuthedRequest) -> HttpResponse:
    _require_top_admin(request)
    current = levels_with_counts()
    if request.method == "POST":
        form = LevelsForm(request.POST)
        if form.is_valid():
            try:
                specs = [parse_level_spec(line) for line in form.level_lines()]
                levels_set(levels=specs, actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The levels have been saved."))
                return redirect("units:levels")
    else:
        lines = [f"{level.name_hi}:{level.name_en}" for level, _count in current]
        form = LevelsForm(initial={"levels": "\n".join(lines)})
    return _page(request, "units/levels.html", {"levels": current, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def posts(request: AuthedRequest) -> HttpResponse:
    _require_top_admin(request)
    return _post_form_page(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def post_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    _require_top_admin(request)
    post_type = PostType.objects.select_related("level").filter(uuid=uuid).first()
    if post_type is None:
        raise Http404
    return _post_form_page(request, post_type)


def _post_form_page(request: AuthedRequest, post_type: PostType | None) -> HttpResponse:
    if request.method == "POST":
        form = PostTypeForm(request.POST, post_type=post_type)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = post_type_save(
                    level=data["level"],
                    code=data["code"],
                    name_hi=data["name_hi"],
                    name_en=data["name_en"],
                    seats=data["seats"],
                    min_women=data["min_women"],
                    sort_order=data["sort_order"],
                    is_active=data["is_active"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The post %(post)s has been saved.") % {"post": saved})
                return redirect("units:posts")
    else:
        form = PostTypeForm(post_type=post_type)
    by_level = [
        (level, [p for p in all_posts if p.level_id == level.pk])
        for all_posts in [list(PostType.objects.select_related("level"))]
        for level in Level.objects.all()
    ]
    return _page(
        request, "units/posts.html", {"by_level": by_level, "form": form, "post_type": post_type}
    )
