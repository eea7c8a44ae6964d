from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tadamun.api"
    verbose_name = "API"
