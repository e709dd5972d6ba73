from django.urls import path

from chidao.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("new/", views.indicator_form, name="new"),
    path("scoreboard/", views.scoreboard, name="scoreboard"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_form, name="target_new"),
    path("targets/<uuid:uuid>/delete/", views.target_delete, name="target_delete"),
    path(
        "targets/from-document/<uuid:uuid>/",
        views.targets_from_document,
        name="from_document",
    ),
    path("values/", views.values_entry, name="values"),
    path("values/template/", views.values_template, name="values_template"),
    path("values/import/", views.values_import, name="values_import"),
    path("<slug:code>/", views.indicator_detail, name="detail"),
    path("<slug:code>/edit/", views.indicator_form, name="edit"),
]
