from django.urls import path

from chidao.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
]
