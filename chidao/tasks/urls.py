from django.urls import path

from chidao.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("<uuid:uuid>/", views.task_detail, name="detail"),
    path("<uuid:uuid>/comment/", views.comment, name="comment"),
    path("<uuid:uuid>/close/", views.close, name="close"),
    path("<uuid:uuid>/reopen/", views.reopen, name="reopen"),
    path("assignments/<uuid:uuid>/report/", views.report, name="report"),
    path("assignments/<uuid:uuid>/extension/", views.request_extension, name="extension"),
    path("extensions/<uuid:uuid>/decide/", views.decide_extension, name="decide"),
    path("evidence/<uuid:uuid>/", views.evidence, name="evidence"),
]
