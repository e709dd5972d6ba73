from django.urls import path

from chidao.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("submissions/<uuid:uuid>/", views.submission, name="submission"),
]
