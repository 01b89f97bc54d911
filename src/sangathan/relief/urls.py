from __future__ import annotations

from django.urls import path

from sangathan.relief import (
    views,
    views_beneficiaries,
    views_catalogue,
    views_plan,
    views_plan_stores,
    views_point,
    views_reports,
    views_store,
)

app_name = "relief"

urlpatterns = [
    path("", views.relief_home, name="home"),
    path("drives/<uuid:uuid>/", views.drive_page, name="drive"),
    path("reports/", views_reports.reports_page, name="reports"),
    path("reports.xlsx", views_reports.reports_xlsx, name="reports_xlsx"),
    path("drives/<uuid:uuid>/summary.txt", views.drive_summary_text, name="summary_txt"),
    path("drives/<uuid:uuid>/summary.xlsx", views.drive_summary_xlsx, name="summary_xlsx"),
    path("drives/<uuid:uuid>/summary.pdf", views.drive_summary_pdf, name="summary_pdf"),
    path("points/<uuid:uuid>/", views_point.point_page, name="point"),
    path("points/<uuid:uuid>/search/", views_point.point_search, name="point_search"),
    path("points/<uuid:uuid>/give/", views_point.point_give, name="point_give"),
    path("points/<uuid:uuid>/count/", views_point.point_count, name="point_count"),
    path("points/<uuid:uuid>/quick-add/", views_point.point_quick_add, name="point_quick_add"),
    path("points/<uuid:uuid>/enrol/", views_point.point_enrol, name="point_enrol"),
    path(
        "drives/<uuid:uuid>/beneficiaries/",
        views_beneficiaries.beneficiaries_page,
        name="beneficiaries",
    ),
    path(
        "drives/<uuid:uuid>/beneficiaries.csv",
        views_beneficiaries.beneficiaries_csv,
        name="beneficiaries_csv",
    ),
    path(
        "drives/<uuid:uuid>/beneficiaries.xlsx",
        views_beneficiaries.beneficiaries_xlsx,
        name="beneficiaries_xlsx",
    ),
    # Planning (views_plan): a new drive, a drive's plan, stores and their settings.
    path("drives/new/", views_plan.drive_new, name="drive_new"),
    path("drives/<uuid:uuid>/plan/", views_plan.plan_page, name="plan"),
    path("drives/<uuid:uuid>/plan/status/", views_plan.plan_status, name="plan_status"),
    path("drives/<uuid:uuid>/plan/items/", views_plan.plan_item, name="plan_item"),
    path("drives/<uuid:uuid>/plan/points/", views_plan.plan_point_add, name="plan_point_add"),
    path("drives/<uuid:uuid>/plan/duty/", views_plan.plan_duty_add, name="plan_duty_add"),
    path("drives/<uuid:uuid>/plan/people/", views_plan.plan_people, name="plan_people"),
    path("points/<uuid:uuid>/edit/", views_plan.plan_point_edit, name="plan_point_edit"),
    path("duties/<uuid:uuid>/remove/", views_plan.plan_duty_remove, name="plan_duty_remove"),
    path("stores/", views_plan_stores.store_list, name="stores"),
    path("stores/new/", views_plan_stores.store_new, name="store_new"),
    path("stores/<uuid:uuid>/keepers/", views_plan_stores.store_keepers, name="store_keepers"),
    path(
        "stores/<uuid:uuid>/thresholds/", views_plan_stores.store_threshold, name="store_threshold"
    ),
    path("stores/<uuid:uuid>/", views_store.store_page, name="store"),
    path("stores/<uuid:uuid>/receipt/", views_store.store_receipt, name="store_receipt"),
    path("stores/<uuid:uuid>/adjust/", views_store.store_adjust, name="store_adjust"),
    path("stores/<uuid:uuid>/send/", views_store.store_send, name="store_send"),
    path("stores/<uuid:uuid>/assemble/", views_store.store_assemble, name="store_assemble"),
    path("transfers/<uuid:uuid>/cancel/", views_store.transfer_cancel_view, name="transfer_cancel"),
    path("catalogue/", views_catalogue.catalogue_page, name="catalogue"),
    path("catalogue/new/", views_catalogue.catalogue_add, name="catalogue_add"),
    path("catalogue/<uuid:uuid>/", views_catalogue.catalogue_item, name="catalogue_item"),
    path("transfers/<uuid:uuid>/", views_store.transfer_page, name="transfer"),
    path(
        "transfers/<uuid:uuid>/receive/",
        views_store.transfer_receive_view,
        name="transfer_receive",
    ),
]
