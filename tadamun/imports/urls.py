from django.urls import path

from tadamun.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_new, name="new"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/check/", views.job_check_view, name="check"),
    path("<int:pk>/import/", views.job_import_view, name="import"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/rejected.csv", views.job_rejections, name="rejections"),
    path("<int:pk>/changes.csv", views.job_changes, name="changes"),
    path("<int:pk>/undo/", views.job_undo_view, name="undo"),
]
