from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "tadamun.desk"
    verbose_name = _("One-stop shop: requests")

    def ready(self):
        from tadamun.desk.privacy import requests_about, requests_erase
        from tadamun.privacy.hooks import person_hook_register

        person_hook_register("desk", collect=requests_about, erase=requests_erase)
