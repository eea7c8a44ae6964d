from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "tadamun.atlas"
    verbose_name = _("Atlas")
