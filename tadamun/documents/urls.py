from django.urls import path

from tadamun.documents import views

app_name = "documents"

urlpatterns = [
    path("people/<int:person_pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
