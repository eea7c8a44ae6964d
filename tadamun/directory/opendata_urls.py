from django.urls import path

from tadamun.directory import opendata

app_name = "opendata"

urlpatterns = [
    path("actors.csv", opendata.actors_csv, name="actors-csv"),
    path("actors.geojson", opendata.actors_geojson, name="actors-geojson"),
    path("actors.jsonld", opendata.actors_jsonld, name="actors-jsonld"),
]
