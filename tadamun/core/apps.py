from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tadamun.core"
    verbose_name = "Tadamun"
