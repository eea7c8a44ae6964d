from django.urls import path

from tadamun.desk import views

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("add/", views.add, name="add"),
    path("unrouted/", views.unrouted, name="unrouted"),
    path("unrouted/<int:pk>/", views.route, name="route"),
    path("unrouted/<int:pk>/reject/", views.route_reject, name="route_reject"),
    path("mechanisms/<slug:slug>/", views.settings_page, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/answer/send/", views.answer_send, name="answer_send"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reject/", views.reject, name="reject"),
]
