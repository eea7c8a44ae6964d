"""Pages of this app (see views.py)."""

app_name = "documents"

urlpatterns: list = []
