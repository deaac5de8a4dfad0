import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.people.models import Gender


class PeerProfile(models.Model):
    """What matching needs to know about a peer supporter in one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="peer_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_profiles"
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED
    )
    is_available = models.BooleanField(_("taking new requests"), default=True)
    max_open_cases = models.PositiveSmallIntegerField(_("most open cases at once"), default=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_peer_profile")
        ]

    def __str__(self) -> str:
        return str(self.user)
