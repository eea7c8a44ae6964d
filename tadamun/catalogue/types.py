"""The vocabularies of the catalogue, and the one mapping orientation reads: which
dimensions of a needs diagnostic each type of service strengthens.

Each type and audience also has its words in Arabic, French and English: a service is
indexed with them, so that "تسويق", "commercialisation" or "marketing" finds every
marketing service whatever language its own description is written in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamun.diagnostics.dimensions import Dimension


class ServiceType(models.TextChoices):
    TRAINING = "training", _("training")
    COACHING = "coaching", _("coaching")
    FINANCING = "financing", _("financing")
    LEGAL = "legal", _("legal and administrative help")
    DIGITAL = "digital", _("digitalisation")
    MARKETING = "marketing", _("marketing and sales")
    WORKSPACE = "workspace", _("workspace or hub")
    EQUIPMENT = "equipment", _("equipment")
    NETWORKING = "networking", _("networking")


class Audience(models.TextChoices):
    PROJECT_HOLDERS = "project_holders", _("project holders")
    COOPERATIVES = "cooperatives", _("cooperatives")
    WOMEN = "women", _("women")
    YOUTH = "youth", _("youth")
    ANY = "any", _("anyone")


class ServiceLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    AMAZIGH = "tzm", _("Amazigh")


# Orientation: the dimensions of a diagnostic each type of service strengthens, the
# first one being what the type is mainly for. The one place this is decided.
STRENGTHENS: dict[str, tuple[str, ...]] = {
    ServiceType.TRAINING: (Dimension.GOVERNANCE, Dimension.PRODUCTION, Dimension.FINANCES),
    ServiceType.COACHING: (
        Dimension.GOVERNANCE,
        Dimension.FINANCES,
        Dimension.MARKETING,
        Dimension.GENDER,
    ),
    ServiceType.FINANCING: (Dimension.FINANCES, Dimension.PRODUCTION),
    ServiceType.LEGAL: (Dimension.LEGAL, Dimension.GOVERNANCE),
    ServiceType.DIGITAL: (Dimension.DIGITAL, Dimension.MARKETING),
    ServiceType.MARKETING: (Dimension.MARKETING,),
    ServiceType.WORKSPACE: (Dimension.PRODUCTION, Dimension.DIGITAL, Dimension.CARE),
    ServiceType.EQUIPMENT: (Dimension.PRODUCTION, Dimension.ENVIRONMENT),
    ServiceType.NETWORKING: (Dimension.MARKETING, Dimension.GOVERNANCE, Dimension.GENDER),
}

# The words each type and audience is known by, in the three languages (search).
TYPE_WORDS: dict[str, str] = {
    ServiceType.TRAINING: "تكوين تدريب formation training",
    ServiceType.COACHING: "مواكبة توجيه accompagnement coaching mentorat mentoring",
    ServiceType.FINANCING: "تمويل قرض قروض صغرى financement crédit microcrédit financing"
    " credit microfinance",
    ServiceType.LEGAL: "قانوني إداري مساعدة قانونية juridique administratif démarches legal"
    " administrative",
    ServiceType.DIGITAL: "رقمنة رقمي digitalisation numérique digital",
    ServiceType.MARKETING: "تسويق مبيعات بيع تجارة marketing commercialisation vente ventes"
    " sales selling",
    ServiceType.WORKSPACE: "فضاء حاضنة مقر espace incubateur hub workspace coworking",
    ServiceType.EQUIPMENT: "تجهيزات معدات équipement matériel equipment",
    ServiceType.NETWORKING: "تشبيك شبكة réseautage réseau networking network",
}
AUDIENCE_WORDS: dict[str, str] = {
    Audience.PROJECT_HOLDERS: "حاملي المشاريع porteurs projet project holders",
    Audience.COOPERATIVES: "تعاونيات تعاونية coopératives cooperatives",
    Audience.WOMEN: "نساء المرأة femmes women",
    Audience.YOUTH: "شباب jeunes youth",
    Audience.ANY: "",
}


def codes_padded(codes) -> str:
    """Codes kept in one column, padded with spaces so that a code is found whole."""
    codes = [c for c in dict.fromkeys(codes) if c]
    return f" {' '.join(codes)} " if codes else ""


def codes_unpadded(value: str) -> list[str]:
    return (value or "").split()
