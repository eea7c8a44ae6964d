from django.urls import path

from tadamun.privacy import views

app_name = "privacy"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("people/<int:pk>/export.json", views.person_export_json, name="person_export_json"),
    path("people/<int:pk>/export.html", views.person_export_html, name="person_export_html"),
    path("people/<int:pk>/erase/", views.person_erase_view, name="person_erase"),
]
