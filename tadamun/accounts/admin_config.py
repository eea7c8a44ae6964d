"""Django's admin app with Tadamun's site (admin_site.py); kept apart from it because
app configurations load before models."""

from django.contrib.admin.apps import AdminConfig


class TadamunAdminConfig(AdminConfig):
    default_site = "tadamun.accounts.admin_site.TadamunAdminSite"
