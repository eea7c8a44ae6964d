from django.urls import path

from tadamun.mechanisms import views

app_name = "mechanisms"

urlpatterns = [
    path("", views.mechanism_list, name="list"),
    path("<slug:slug>/", views.mechanism_detail, name="detail"),
    path("<slug:slug>/invite/", views.staff_invite, name="invite"),
    path("staff/<int:pk>/role/", views.staff_role, name="staff_role"),
    path("staff/<int:pk>/remove/", views.staff_remove, name="staff_remove"),
]
