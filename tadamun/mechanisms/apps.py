from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MechanismsConfig(AppConfig):
    name = "tadamun.mechanisms"
    verbose_name = _("Support mechanisms")
