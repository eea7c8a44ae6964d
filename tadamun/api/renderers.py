import json

from django.core.serializers.json import DjangoJSONEncoder
from ninja.renderers import BaseRenderer


class Utf8JSONRenderer(BaseRenderer):
    """JSON with Arabic and accented letters written as they are (not \\u escapes): half
    the bytes for Arabic names, and readable by people who open the response."""

    media_type = "application/json"
    charset = "utf-8"

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
