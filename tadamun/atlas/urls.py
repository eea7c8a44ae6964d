from django.urls import path

from tadamun.atlas import views

app_name = "atlas"

urlpatterns = [
    path("", views.atlas_map, name="map"),
    path("embed/", views.atlas_embed, name="embed"),
]
