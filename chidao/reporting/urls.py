from django.urls import path

from chidao.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("regimes/new/", views.regime_create, name="regime_create"),
    path("regimes/<uuid:uuid>/", views.regime_detail, name="regime"),
    path("regimes/<uuid:uuid>/edit/", views.regime_edit, name="regime_edit"),
    path("regimes/<uuid:uuid>/units/", views.regime_units, name="regime_units"),
    path("regimes/<uuid:uuid>/build/", views.build, name="build"),
    path(
        "regimes/<uuid:uuid>/periods/<str:code>/mine/",
        views.my_submission,
        name="my_submission",
    ),
    path("tasks/<uuid:uuid>/regime/", views.regime_from_task, name="from_task"),
    path("reports/<uuid:uuid>/download/", views.report_download, name="report_download"),
    path("submissions/<uuid:uuid>/", views.submission, name="submission"),
    path("submissions/<uuid:uuid>/accept/", views.accept, name="accept"),
    path("submissions/<uuid:uuid>/return/", views.return_view, name="return"),
    path("submissions/<uuid:uuid>/reopen/", views.reopen, name="reopen"),
    path("submissions/<uuid:uuid>/workbook/", views.workbook_template, name="workbook"),
    path("submissions/<uuid:uuid>/import/", views.workbook_import, name="import"),
]
