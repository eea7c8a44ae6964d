"""The staff's menu: the links a user's roles open, for the header."""

from django.http import HttpRequest


def staff_menu(request: HttpRequest) -> dict:
    from tadamun.accounts.menu import menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"staff_menu": menu_for(user)}
