import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja.renderers import BaseRenderer


class Utf8JSONRenderer(BaseRenderer):
    """JSON with Arabic and accented letters written as they are (not \\u escapes): half
    the bytes for Arabic names, and readable by people who open the response."""

    media_type = "application/json"
    charset = "utf-8"

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def json_response(request, data) -> HttpResponse:
    """A 200 answer rendered as the API renders, without validating it against the
    endpoint's schema: for the answers the map asks for as it moves, where a few hundred
    features would cost pydantic more time than the query. The schema still documents
    them, and the tests check that the answers follow it."""
    renderer = Utf8JSONRenderer()
    return HttpResponse(
        renderer.render(request, data, response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )
