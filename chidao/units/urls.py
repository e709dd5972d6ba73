from django.urls import path

from chidao.units import views

app_name = "units"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.unit_form, name="create"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<uuid:uuid>/", views.group_detail, name="group_detail"),
    path("groups/<uuid:uuid>/edit/", views.group_form, name="group_edit"),
    path("groups/<uuid:uuid>/members/add/", views.group_member_add, name="group_member_add"),
    path(
        "groups/<uuid:uuid>/members/<uuid:membership>/end/",
        views.group_member_end,
        name="group_member_end",
    ),
    path("<uuid:uuid>/", views.unit_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.unit_form, name="edit"),
    path("<uuid:uuid>/succession/", views.succession_form, name="succession_add"),
]
