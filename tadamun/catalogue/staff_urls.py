"""A mechanism's orientation and referrals, inside its staff area
(/<lang>/staff/mechanisms/<slug>/…)."""

from django.urls import path

from tadamun.catalogue import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/<int:pk>/outcome/", views.referral_outcome, name="outcome"),
    path("orientation/<int:person_pk>/", views.orientation, name="orientation"),
    path("orientation/<int:person_pk>/refer/", views.referral_send_view, name="send"),
]
