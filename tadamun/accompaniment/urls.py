from django.urls import path

from tadamun.accompaniment import views

app_name = "accompaniment"

urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("mechanism/<slug:slug>/", views.case_list, name="list"),
    path("mechanism/<slug:slug>/open/", views.case_open_view, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/move/", views.case_move_view, name="move"),
    path("<int:pk>/close/", views.case_close_view, name="close"),
    path("<int:pk>/reassign/", views.case_reassign_view, name="reassign"),
    path("<int:pk>/sessions/add/", views.session_add, name="session_add"),
    path("<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/documents/add/", views.document_add, name="document_add"),
    path(
        "<int:pk>/documents/<int:document_pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path("<int:pk>/organisation/", views.organisation, name="organisation"),
    path("<int:pk>/jobs/add/", views.job_add, name="job_add"),
    path("<int:pk>/turnover/", views.turnover, name="turnover"),
]
