"""Under /<lang>/staff/mechanisms/<slug>/diagnostics/: every view takes the mechanism's
slug first."""

from django.urls import path

from tadamun.diagnostics import views

app_name = "diagnostics"

urlpatterns = [
    path("", views.diagnostic_list, name="list"),
    path("start/", views.diagnostic_start, name="start"),
    path("<int:pk>/", views.diagnostic_detail, name="detail"),
    path("<int:pk>/fill/", views.diagnostic_fill, name="fill"),
    path("questionnaires/", views.questionnaire_list, name="questionnaires"),
    path("questionnaires/add/", views.questionnaire_add, name="questionnaire_add"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire_copy"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:pk>/retire/", views.version_retire, name="version_retire"),
    path("versions/<int:pk>/draft/", views.version_draft, name="version_draft"),
    path("versions/<int:pk>/sections/add/", views.section_add, name="section_add"),
    path("sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
]
