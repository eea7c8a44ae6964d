"""The observatory's fixtures."""

import pytest

from tadamun.desk.services import request_record
from tadamun.desk.tests.conftest import place, signed


@pytest.fixture
def requests_in_both(nador, le_kef, amina, sami):
    for mechanism, by, code in ((nador, amina, "MA-NAD-NADOR"), (le_kef, sami, "TN-33-LEKEF")):
        request_record(
            mechanism=mechanism,
            by=by,
            channel="phone",
            topic="financing",
            message="…",
            place=place(code),
            person_fields={"full_name": "X", "gender": "man"},
            consent=signed(),
        )
