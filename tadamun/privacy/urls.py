"""Pages of this app (see views.py)."""

app_name = "privacy"

urlpatterns: list = []
