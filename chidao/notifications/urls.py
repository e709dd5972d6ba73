from django.urls import path

from chidao.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("<uuid:uuid>/", views.open_notification, name="open"),
    path("<uuid:uuid>/read/", views.mark_read, name="read"),
]
