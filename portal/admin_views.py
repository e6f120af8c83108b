"""The Wagtail admin's "Client projects": the trackers clients see in the portal.

Admins and marketing (bookings.view_booking) manage every tracker; developers only those
of bookings assigned to them (the same rule as bookings_visible_to). Milestones,
deliverables and activity lines are inline panels; client comments are read-only, and a
reply typed on the edit page goes through the comment service (so the client is emailed)."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, Panel, TabbedInterface
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from bookings.selectors import bookings_visible_to
from portal.models import ClientProject
from portal.selectors import client_projects_visible_to
from portal.services import projects


class ClientProjectPermissionPolicy(ModelPermissionPolicy):
    """Model permissions decide the action; the booking's visibility decides the rows."""

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and client_projects_visible_to(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return ClientProject.objects.none()
        return client_projects_visible_to(user)


class ClientProjectForm(WagtailAdminModelForm):
    reply = forms.CharField(
        label="Reply to the client",
        required=False,
        max_length=projects.MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown in the client's portal and emailed to them when you save.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("booking")
        if field is None:
            return
        if self.instance.pk:
            field.disabled = True  # a tracker belongs to its booking for good
        else:
            field.queryset = (
                bookings_visible_to(for_user)
                .filter(client_project__isnull=True)
                .order_by("-created_at")
            )


class CommentsPanel(Panel):
    """The conversation with the client, newest first (read-only)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "portal/admin/comments_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["comments"] = (
                instance.comments.select_related("author") if instance and instance.pk else []
            )
            return context


class VisibleProjectsMixin:
    def get_queryset(self):
        return client_projects_visible_to(self.request.user)


class ClientProjectIndexView(IndexView):
    def get_base_queryset(self):
        return client_projects_visible_to(self.request.user)


class ClientProjectEditView(VisibleProjectsMixin, EditView):
    def save_instance(self):
        instance = super().save_instance()
        reply = (self.form.cleaned_data.get("reply") or "").strip()
        if reply:
            projects.comment_add_by_staff(project=instance, body=reply, author=self.request.user)
        return instance


class ClientProjectDeleteView(VisibleProjectsMixin, DeleteView):
    pass


class ClientProjectHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return client_projects_visible_to(self.request.user)


class ClientProjectViewSet(ModelViewSet):
    model = ClientProject
    name = "client_projects"
    url_prefix = "client-projects"
    icon = "tasks"
    menu_label = "Client projects"
    menu_order = 251
    add_to_admin_menu = True
    index_view_class = ClientProjectIndexView
    edit_view_class = ClientProjectEditView
    delete_view_class = ClientProjectDeleteView
    history_view_class = ClientProjectHistoryView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["__str__", "booking", "status", "progress", "updated_at"]
    list_filter = ["status"]
    search_fields = [
        "title",
        "booking__public_reference",
        "booking__title",
        "booking__client__email",
    ]
    search_backend_name = None  # plain database lookups on the fields above
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("booking"),
                    FieldPanel("title"),
                    FieldPanel("description"),
                    FieldPanel("status"),
                    FieldPanel("progress"),
                ],
                heading="Project",
            ),
            ObjectList([InlinePanel("milestones", label="Milestone")], heading="Milestones"),
            ObjectList([InlinePanel("deliverables", label="Deliverable")], heading="Deliverables"),
            ObjectList([InlinePanel("activities", label="Activity")], heading="Activity feed"),
            ObjectList(
                [CommentsPanel(heading="Conversation"), FieldPanel("reply")], heading="Comments"
            ),
        ],
        base_form_class=ClientProjectForm,
    )
