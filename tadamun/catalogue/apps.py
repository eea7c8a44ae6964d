from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "tadamun.catalogue"
    verbose_name = _("Catalogue of support services")

    def ready(self):
        from tadamun.catalogue.privacy import referrals_about, referrals_erase
        from tadamun.privacy.hooks import person_hook_register

        person_hook_register("referrals", collect=referrals_about, erase=referrals_erase)
