"""`tadamun invite EMAIL --platform-role administrator` (or `--mechanism SLUG --role
ROLE`): sends an invitation and prints its link, e.g. for the first administrator of a
new installation."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tadamun.accounts.models import PlatformRole, Role
from tadamun.accounts.services import invitation_send
from tadamun.mechanisms.models import Mechanism


class Command(BaseCommand):
    help = "Invite someone to a role, by e-mail; prints the link too."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--platform-role", choices=[PlatformRole.ANALYST, PlatformRole.ADMINISTRATOR]
        )
        parser.add_argument("--mechanism", help="The mechanism's short name (slug).")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000/")
        parser.add_argument("--language", default="fr", choices=["ar", "fr", "en"])

    def handle(self, *args, email, platform_role, mechanism, role, base_url, language, **options):
        if bool(platform_role) == bool(mechanism):
            raise CommandError("Give either --platform-role, or --mechanism with --role.")
        target = None
        if mechanism:
            target = Mechanism.objects.filter(slug=mechanism).first()
            if target is None or not role:
                raise CommandError("Unknown mechanism, or --role missing.")
        # The invitation is signed by the command's own system account.
        system, _created = get_user_model().objects.get_or_create(
            username="tadamun-system", defaults={"is_active": False}
        )
        sent = invitation_send(
            email=email,
            by=system,
            base_url=base_url,
            mechanism=target,
            role=role or "",
            platform_role=platform_role or "",
            language=language,
        )
        self.stdout.write(sent.url)
