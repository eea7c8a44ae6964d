from django.urls import path

from tadamun.people import views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("contacts.csv", views.contacts_csv, name="contacts"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/consents/add/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path("<int:pk>/roles/", views.person_roles, name="roles"),
    path("<int:pk>/organisations/", views.person_organisations, name="organisations"),
    path(
        "<int:pk>/organisations/<int:affiliation_pk>/remove/",
        views.affiliation_remove_view,
        name="affiliation_remove",
    ),
    path("<int:pk>/merge/", views.person_merge_view, name="merge"),
]
