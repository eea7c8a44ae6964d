from django.urls import path

from tadamun.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/code/", views.second_factor, name="second_factor"),
    path("logout/", views.logout, name="logout"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
