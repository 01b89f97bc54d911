from __future__ import annotations

from django.urls import path

from sangathan.meetings import (
    views,
    views_attendance,
    views_numbers,
    views_people,
    views_pressnote,
    views_record,
    views_series,
)

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("people/", views_people.people_search, name="people_search"),
    path("people/pick/", views_people.people_pick, name="people_pick"),
    path("units/<uuid:uuid>/numbers/", views_numbers.numbers, name="numbers"),
    path("series/", views_series.series_list, name="series_list"),
    path("series/<uuid:uuid>/", views_series.series_detail, name="series"),
    path("series/<uuid:uuid>/edit/", views_series.series_edit, name="series_edit"),
    path("series/<uuid:uuid>/extend/", views_series.series_extend_view, name="series_extend"),
    path("series/<uuid:uuid>/stop/", views_series.series_stop_view, name="series_stop"),
    path("<uuid:uuid>/", views.meeting_detail, name="meeting"),
    path("<uuid:uuid>/edit/", views.meeting_edit, name="edit"),
    path("<uuid:uuid>/held/", views.meeting_held, name="held"),
    path("<uuid:uuid>/cancel/", views.meeting_cancel_view, name="cancel"),
    path("<uuid:uuid>/reopen/", views.meeting_reopen_view, name="reopen"),
    path("<uuid:uuid>/calendar.ics", views.meeting_calendar, name="ics"),
    path("<uuid:uuid>/invite/", views_attendance.invite, name="invite"),
    path("<uuid:uuid>/invite/by-post/", views_attendance.invite_by_post, name="invite_by_post"),
    path(
        "<uuid:uuid>/invite/by-post/count/",
        views_attendance.invite_by_post_count,
        name="invite_by_post_count",
    ),
    path("<uuid:uuid>/walk-in/", views_attendance.walk_in, name="walk_in"),
    path("<uuid:uuid>/paste/", views_attendance.paste_preview, name="paste"),
    path("<uuid:uuid>/paste/apply/", views_attendance.paste_apply, name="paste_apply"),
    path("<uuid:uuid>/agenda/", views_record.agenda_add, name="agenda_add"),
    path("<uuid:uuid>/statements/", views_record.statement_add_view, name="statement_add"),
    path("<uuid:uuid>/decisions/", views_record.decision_add_view, name="decision_add"),
    path("<uuid:uuid>/press-note/", views_pressnote.press_note, name="press_note"),
    path("<uuid:uuid>/press-note/write/", views_pressnote.generate, name="press_note_generate"),
    path("press-notes/<uuid:uuid>/edit/", views_pressnote.edit, name="press_note_edit"),
    path("press-notes/<uuid:uuid>/final/", views_pressnote.finalise, name="press_note_final"),
    path("press-notes/<uuid:uuid>/reopen/", views_pressnote.reopen, name="press_note_reopen"),
    path("press-notes/<uuid:uuid>/note.txt", views_pressnote.download_text, name="press_note_txt"),
    path(
        "press-notes/<uuid:uuid>/note.docx", views_pressnote.download_docx, name="press_note_docx"
    ),
    path("press-notes/<uuid:uuid>/note.pdf", views_pressnote.download_pdf, name="press_note_pdf"),
    path("agenda/<uuid:uuid>/edit/", views_record.agenda_edit, name="agenda_edit"),
    path("agenda/<uuid:uuid>/move/", views_record.agenda_move, name="agenda_move"),
    path("agenda/<uuid:uuid>/remove/", views_record.agenda_remove, name="agenda_remove"),
    path("statements/<uuid:uuid>/edit/", views_record.statement_edit, name="statement_edit"),
    path(
        "statements/<uuid:uuid>/remove/",
        views_record.statement_remove_view,
        name="statement_remove",
    ),
    path("attendance/<uuid:uuid>/mark/", views_attendance.mark, name="mark"),
    path("attendance/<uuid:uuid>/rsvp/", views_attendance.rsvp, name="rsvp"),
    path(
        "attendance/<uuid:uuid>/remove/",
        views_attendance.invitee_remove_view,
        name="invitee_remove",
    ),
    path(
        "unmatched/<uuid:uuid>/resolve/",
        views_attendance.unmatched_resolve_view,
        name="unmatched_resolve",
    ),
    path(
        "unmatched/<uuid:uuid>/remove/",
        views_attendance.unmatched_remove_view,
        name="unmatched_remove",
    ),
    path("decisions/<uuid:uuid>/edit/", views_record.decision_edit, name="decision_edit"),
    path("decisions/<uuid:uuid>/public/", views_record.decision_public, name="decision_public"),
    path(
        "decisions/<uuid:uuid>/remove/", views_record.decision_remove_view, name="decision_remove"
    ),
    path("decisions/<uuid:uuid>/actions/", views_record.action_add, name="action_add"),
    path("actions/<uuid:uuid>/", views_record.action_detail, name="action_item"),
    path("actions/<uuid:uuid>/edit/", views_record.action_edit, name="action_edit"),
    path("actions/<uuid:uuid>/status/", views_record.action_status, name="action_status"),
    path("actions/<uuid:uuid>/link/", views_record.action_link, name="action_link"),
    path("actions/<uuid:uuid>/unlink/", views_record.action_unlink, name="action_unlink"),
]
