"""Staff accounts: roles per mechanism, platform roles, invitations, second factors,
failed logins and the sessions each account holds.

Accounts are Django's users (the e-mail is the username). What a role may do is written
once, in `permissions.py`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles held in one mechanism."""

    ADVISOR = "advisor", _("advisor")
    TRAINER = "trainer", _("trainer")
    COORDINATOR = "coordinator", _("coordinator")


class PlatformRole(models.TextChoices):
    """Roles over the whole platform."""

    NONE = "", _("none")
    ANALYST = "analyst", _("observatory analyst")
    ADMINISTRATOR = "administrator", _("platform administrator")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "mechanism"], name="one_role_per_mechanism")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.mechanism} · {self.get_role_display()}"


class Account(models.Model):
    """What Tadamun adds to a user: a platform role and a second factor (TOTP)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    platform_role = models.CharField(
        _("platform role"), max_length=20, choices=PlatformRole.choices, blank=True
    )
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last code accepted: a code is good once (RFC 6238, 5.2).
    totp_last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return str(self.user)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link sent by e-mail; only its SHA-256 is kept."""

    email = models.EmailField(_("e-mail"))
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    platform_role = models.CharField(
        _("platform role"), max_length=20, choices=PlatformRole.choices, blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(mechanism__isnull=False) & ~models.Q(role="")
                    | models.Q(mechanism__isnull=True) & ~models.Q(platform_role="")
                ),
                name="invitation_to_a_mechanism_role_or_a_platform_role",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class LoginFailure(models.Model):
    """A failed password or code: counted to lock out guessing. The account is kept as a
    keyed digest, not as typed."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    who = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"failure {self.pk} at {self.at:%Y-%m-%d %H:%M}"


class SessionRecord(models.Model):
    """The sessions an account holds, so they can be ended on the server (deactivation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_records"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of user {self.user_id}"
