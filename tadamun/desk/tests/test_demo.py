import pytest

from tadamun.desk.demo import demo_load_requests
from tadamun.desk.models import Request
from tadamun.mechanisms.models import Mechanism
from tadamun.mechanisms.services import mechanisms_load_programme

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_mechanism_requests_some_overdue_and_one_unrouted():
    mechanisms_load_programme()
    made = demo_load_requests()
    assert made == Request.objects.count() > 12
    for mechanism in Mechanism.objects.all():
        assert mechanism.requests.count() >= 2, mechanism.slug
    assert Request.objects.overdue().exists()
    routed = Request.objects.filter(mechanism__isnull=False)
    assert Request.objects.overdue().count() < routed.count()
    assert Request.objects.unrouted().count() == 1
    assert demo_load_requests() == 0  # once
