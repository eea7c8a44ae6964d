from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "tadamun.diagnostics"
    verbose_name = _("Needs diagnostics")

    def ready(self):
        from tadamun.diagnostics.privacy import diagnostics_about, diagnostics_erase
        from tadamun.privacy.hooks import person_hook_register

        person_hook_register("diagnostics", collect=diagnostics_about, erase=diagnostics_erase)
