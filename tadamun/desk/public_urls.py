from django.urls import path

from tadamun.desk import public_views

app_name = "ask"

urlpatterns = [
    path("", public_views.request_form, name="form"),
    path("thanks/", public_views.thanks, name="thanks"),
]
