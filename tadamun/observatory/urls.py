from django.urls import path

from tadamun.observatory import views

app_name = "observatory"

urlpatterns = [
    path("numbers/", views.numbers, name="numbers"),
    path("numbers.csv", views.numbers_csv, name="numbers_csv"),
    path("targets/", views.targets, name="targets"),
    path("targets.csv", views.targets_csv, name="targets_csv"),
    path("targets.iati.xml", views.targets_iati, name="targets_iati"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
]
