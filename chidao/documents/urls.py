from django.urls import path

from chidao.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("accuracy/", views.accuracy, name="accuracy"),
    path("aliases/<uuid:uuid>/delete/", views.remove_alias, name="alias_remove"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/file/", views.download, name="download"),
    path("<uuid:uuid>/review/", views.review, name="review"),
    path("<uuid:uuid>/metadata/", views.edit_metadata, name="metadata"),
    path("<uuid:uuid>/publish/", views.publish, name="publish"),
    path("<uuid:uuid>/lead-unassigned/", views.lead_unassigned, name="lead_unassigned"),
    path("<uuid:uuid>/tasks/new/", views.add_task, name="task_add"),
    path("<uuid:uuid>/warnings/<int:index>/", views.resolve_warning, name="warning"),
    path("<uuid:uuid>/tasks/<uuid:task_uuid>/", views.edit_task, name="task_edit"),
    path("<uuid:uuid>/tasks/<uuid:task_uuid>/split/", views.split_task, name="task_split"),
    path("<uuid:uuid>/tasks/<uuid:task_uuid>/merge/", views.merge_task, name="task_merge"),
    path("<uuid:uuid>/tasks/<uuid:task_uuid>/delete/", views.delete_task, name="task_delete"),
    path("<uuid:uuid>/tasks/<uuid:task_uuid>/units/", views.add_mention, name="mention_add"),
    path(
        "<uuid:uuid>/tasks/<uuid:task_uuid>/units/<int:pk>/remove/",
        views.remove_mention,
        name="mention_remove",
    ),
]
