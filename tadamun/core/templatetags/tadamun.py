from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils.translation import get_language_info

from tadamun.core.i18n import localized, localized_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language: [(code, native name, url, is_current)]."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(request.get_full_path(), code)
        links.append((code, info["name_local"], url, code == current))
    return links


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (None or "" removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def trans_field(obj, field):
    """The value of a trilingual field in the active language, with fallback."""
    return localized(obj, field)


@register.filter
def trans_lang(obj, field):
    """The language code of what `trans_field` shows, for a lang attribute."""
    return localized_language(obj, field)


@register.filter
def script_dir(code):
    return "rtl" if code == "ar" else "ltr"


@register.simple_tag
def urlencode_params(params: dict) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()
