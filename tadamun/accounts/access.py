"""Deny by default: the one list of pages anyone may open without logging in.

Everything else needs a login (`middleware.LoginRequiredMiddleware`), then a role that
allows it (`permissions.py`). Names are URL names, `namespace:*` for a whole namespace.
"""

from django.urls import ResolverMatch

PUBLIC = frozenset(
    {
        "health",
        "core:home",
        "directory:*",  # the directory of SSE actors and their pages
        "atlas:*",  # the map, its embed page
        "services:*",  # the catalogue of support services and their pages
        "opendata:*",  # the directory's open data files
        "ask:*",  # the one-stop shop's public request form and its thank-you page
        "accounts:login",
        "accounts:second_factor",  # the login's second step
        "accounts:logout",
        "accounts:invitation",  # an invited person sets their password
    }
)
# Public for reading only: the API's GET endpoints and its documentation.
PUBLIC_READ = frozenset({"api-1:*"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _listed(match: ResolverMatch, names: frozenset[str]) -> bool:
    namespace = match.namespace
    return (
        match.view_name in names
        or (namespace and f"{namespace}:*" in names)
        or (not namespace and match.url_name in names)
    )


def is_public(match: ResolverMatch | None, method: str) -> bool:
    if match is None:
        return False
    if _listed(match, PUBLIC):
        return True
    return method in READ_METHODS and _listed(match, PUBLIC_READ)


def is_public_name(view_name: str, method: str) -> bool:
    """`is_public` for a view name ("namespace:name"), for tests and documentation."""
    namespace, _sep, name = view_name.rpartition(":")
    match = type("Match", (), {"view_name": view_name, "namespace": namespace, "url_name": name})
    return is_public(match, method)
