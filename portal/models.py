"""The client portal: sign-in links and sessions of clients (never staff accounts), and
the project tracker staff keep for a booking once its deposit is paid."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from bookings.models import Booking, Client

# --- access ----------------------------------------------------------------------------


class PortalLink(models.Model):
    """An emailed sign-in link: single use, short-lived, stored as a SHA-256 digest."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Portal link for client {self.client_id}"


class PortalSession(models.Model):
    """What a used link is exchanged for: an opaque bearer token (digest stored) that
    only the portal endpoints accept."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_sessions")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Portal session for client {self.client_id}"


# --- project tracker --------------------------------------------------------------------


class ProjectStatus(models.TextChoices):
    # One word each: the portal shows a project's status as sent (milestones' get spaced).
    PLANNING = "PLANNING", "Planning"
    ACTIVE = "ACTIVE", "Active"
    PAUSED = "PAUSED", "Paused"
    REVIEW = "REVIEW", "In review"
    COMPLETED = "COMPLETED", "Completed"


class MilestoneStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETED = "COMPLETED", "Completed"


class DeliverableStatus(models.TextChoices):
    PLANNED = "PLANNED", "Planned"
    PREPARING = "PREPARING", "Preparing"
    READY = "READY", "Ready for review"
    DELIVERED = "DELIVERED", "Delivered"


class AuthorType(models.TextChoices):
    CLIENT = "client", "Client"
    STAFF = "staff", "Staff"


class ClientProject(ClusterableModel):
    """The tracker a client sees in the portal: one per booking."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="client_project")
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to show the booking's title."
    )
    description = models.TextField(
        blank=True, help_text="Leave empty to show the booking's description."
    )
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Percent complete, 0 to 100."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="portal_project_progress_lte_100"
            )
        ]

    def __str__(self):
        return f"{self.booking.public_reference}: {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title or self.booking.title

    @property
    def display_description(self) -> str:
        return self.description or self.booking.description


class Milestone(Orderable):
    project = ParentalKey(ClientProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )

    def __str__(self):
        return self.title


class Deliverable(Orderable):
    project = ParentalKey(ClientProject, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )

    def __str__(self):
        return self.title


class Activity(models.Model):
    """One line of the project's feed: posted by staff, or by the system."""

    project = ParentalKey(ClientProject, on_delete=models.CASCADE, related_name="activities")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.message


class Comment(models.Model):
    """A message on the project, from the client or a staff member; both see every one."""

    project = models.ForeignKey(ClientProject, on_delete=models.CASCADE, related_name="comments")
    author_type = models.CharField(max_length=10, choices=AuthorType.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.author_type} comment on project {self.project_id}"
