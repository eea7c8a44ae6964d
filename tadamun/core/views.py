from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from tadamun.directory.selectors import directory_totals


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"totals": directory_totals()})


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
