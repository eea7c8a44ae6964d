from django.urls import path

from tadamun.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.actor_list, name="list"),
    path("<int:pk>/", views.actor_detail, name="actor"),
]
