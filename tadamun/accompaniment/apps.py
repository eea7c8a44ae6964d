from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccompanimentConfig(AppConfig):
    name = "tadamun.accompaniment"
    verbose_name = _("Accompaniment cases")

    def ready(self):
        from tadamun.accompaniment.privacy import cases_about, cases_erase
        from tadamun.privacy.hooks import person_hook_register

        person_hook_register("accompaniment", collect=cases_about, erase=cases_erase)
