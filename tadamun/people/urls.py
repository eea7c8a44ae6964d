"""Pages of this app (see views.py)."""

app_name = "people"

urlpatterns: list = []
