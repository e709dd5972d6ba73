from django.urls import path

from chidao.units import views

app_name = "units"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.unit_form, name="create"),
    path("<uuid:uuid>/", views.unit_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.unit_form, name="edit"),
    path("<uuid:uuid>/succession/", views.succession_form, name="succession_add"),
]
