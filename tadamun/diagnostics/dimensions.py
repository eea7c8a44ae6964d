"""The dimensions a needs diagnostic scores, and that orientation matches services to.

One vocabulary for the questionnaires (each question counts towards one dimension), the
profiles they give (a score from 0 to 100 per dimension, low meaning a need) and the
catalogue of support services (which dimensions a service strengthens).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    GOVERNANCE = "governance", _("governance")
    FINANCES = "finances", _("finances")
    PRODUCTION = "production", _("production")
    MARKETING = "marketing", _("marketing and sales")
    DIGITAL = "digital", _("digital")
    LEGAL = "legal", _("legal status")
    GENDER = "gender", _("gender equality")
    ENVIRONMENT = "environment", _("environment and circular economy")
    CARE = "care", _("care")


# A dimension scoring under this (out of 100) is a need that orientation answers.
WEAK_BELOW = 50
