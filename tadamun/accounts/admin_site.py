"""Django's admin, for platform administrators only, behind Tadamun's login (password and
second factor): the admin's own login page is not used."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import resolve_url


class TadamunAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        from tadamun.accounts.models import PlatformRole
        from tadamun.accounts.permissions import grants_of

        user = request.user
        return (
            user.is_active
            and user.is_staff
            and grants_of(user).platform == PlatformRole.ADMINISTRATOR
        )

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise Http404  # logged in without the role: nothing here for them
        return redirect_to_login(
            request.GET.get("next") or resolve_url("admin:index"), resolve_url("accounts:login")
        )
