from __future__ import annotations

from django.urls import path

from sangathan.relief import views, views_point, views_store

app_name = "relief"

urlpatterns = [
    path("", views.relief_home, name="home"),
    path("drives/<uuid:uuid>/", views.drive_page, name="drive"),
    path("drives/<uuid:uuid>/summary.txt", views.drive_summary_text, name="summary_txt"),
    path("drives/<uuid:uuid>/summary.xlsx", views.drive_summary_xlsx, name="summary_xlsx"),
    path("drives/<uuid:uuid>/summary.pdf", views.drive_summary_pdf, name="summary_pdf"),
    path("points/<uuid:uuid>/", views_point.point_page, name="point"),
    path("points/<uuid:uuid>/search/", views_point.point_search, name="point_search"),
    path("points/<uuid:uuid>/give/", views_point.point_give, name="point_give"),
    path("points/<uuid:uuid>/count/", views_point.point_count, name="point_count"),
    path("points/<uuid:uuid>/quick-add/", views_point.point_quick_add, name="point_quick_add"),
    path("stores/<uuid:uuid>/", views_store.store_page, name="store"),
    path("stores/<uuid:uuid>/receipt/", views_store.store_receipt, name="store_receipt"),
    path("stores/<uuid:uuid>/adjust/", views_store.store_adjust, name="store_adjust"),
    path("stores/<uuid:uuid>/send/", views_store.store_send, name="store_send"),
    path("transfers/<uuid:uuid>/", views_store.transfer_page, name="transfer"),
    path(
        "transfers/<uuid:uuid>/receive/",
        views_store.transfer_receive_view,
        name="transfer_receive",
    ),
]
