from django.urls import path

from chidao.dashboard import views

app_name = "dashboard"
urlpatterns = [path("", views.home, name="home")]
