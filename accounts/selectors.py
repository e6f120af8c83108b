from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch

from accounts.models import Invitation, TOTPDevice

User = get_user_model()


def invitation_list_pending():
    return Invitation.objects.filter(status=Invitation.Status.PENDING).select_related(
        "user", "invited_by"
    )


def staff_list():
    from django.contrib.auth.models import Group

    return (
        User.objects.filter(is_staff=True)
        .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
        .annotate(
            two_factor_on=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
            )
        )
    )


def user_permissions(user) -> list[str]:
    return sorted(user.get_all_permissions())
