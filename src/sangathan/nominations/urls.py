from __future__ import annotations

from django.urls import path

from sangathan.nominations import views, views_compiled, views_edit, views_panel

app_name = "nominations"

urlpatterns = [
    path("", views.requisition_list, name="list"),
    path("new/", views.requisition_new, name="new"),
    path("units/<uuid:uuid>/pick/", views.unit_picker, name="unit_picker"),
    path("<uuid:uuid>/", views.requisition_detail, name="requisition"),
    path("<uuid:uuid>/edit/", views_edit.requisition_edit, name="edit"),
    path("<uuid:uuid>/issue/", views.requisition_issue_view, name="issue"),
    path("<uuid:uuid>/extend/", views.requisition_extend_view, name="extend"),
    path("<uuid:uuid>/withdraw/", views.requisition_withdraw_view, name="withdraw"),
    path("<uuid:uuid>/close/", views_compiled.requisition_close_view, name="close"),
    path("<uuid:uuid>/names/", views_compiled.compiled, name="compiled"),
    path("<uuid:uuid>/names.xlsx", views_compiled.compiled_xlsx, name="compiled_xlsx"),
    path("<uuid:uuid>/names.pdf", views_compiled.compiled_pdf, name="compiled_pdf"),
    path("panels/<uuid:uuid>/", views_panel.panel_detail, name="panel"),
    path("panels/<uuid:uuid>/search/", views_panel.panel_search, name="panel_search"),
    path("panels/<uuid:uuid>/add/", views_panel.panel_add, name="panel_add"),
    path("panels/<uuid:uuid>/new-person/", views_panel.panel_new_person, name="panel_new_person"),
    path("panels/<uuid:uuid>/take/", views_panel.panel_take, name="panel_take"),
    path("panels/<uuid:uuid>/submit/", views_panel.panel_submit_view, name="panel_submit"),
    path("panels/<uuid:uuid>/return/", views_panel.panel_return_view, name="panel_return"),
    path("panels/<uuid:uuid>/accept/", views_panel.panel_accept_view, name="panel_accept"),
    path("panels/<uuid:uuid>/remind/", views.panel_remind, name="panel_remind"),
    path("panels/<uuid:uuid>/extend/", views.panel_extend, name="panel_extend"),
    path("panels/<uuid:uuid>/allow-late/", views.panel_allow_late, name="panel_allow_late"),
    path("names/<uuid:uuid>/move/", views_panel.name_move, name="name_move"),
    path("names/<uuid:uuid>/note/", views_panel.name_note, name="name_note"),
    path("names/<uuid:uuid>/remove/", views_panel.name_remove, name="name_remove"),
    path("names/<uuid:uuid>/select/", views_compiled.name_select, name="name_select"),
]
