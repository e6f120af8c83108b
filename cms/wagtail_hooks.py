"""Admin for the CMS: snippet viewsets, the webhook delivery log, and the rich text
handlers that make links and images headless-friendly."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from accounts.admin_base import ReadOnlyPolicy
from cms.models import (
    BlogCategory,
    CompanyStat,
    Faq,
    ServiceCategory,
    StaffProfile,
    Testimonial,
    WebhookDelivery,
    WebhookEndpoint,
)
from cms.policies import OwnStaffProfilePolicy
from cms.richtext import (
    AbsoluteDocumentLinkHandler,
    FrontendPageLinkHandler,
    RenditionImageEmbedHandler,
)


@hooks.register("register_rich_text_features", order=100)
def headless_rich_text(features):
    # Registered after Wagtail's own (order=100) so these replace the defaults.
    features.register_link_type(FrontendPageLinkHandler)
    features.register_link_type(AbsoluteDocumentLinkHandler)
    features.register_embed_type(RenditionImageEmbedHandler)


class _ApprovedUnlessModerator:
    """Testimonial choosers show pending (unvetted) quotes only to their moderators."""

    def get_object_list(self):
        objects = super().get_object_list()
        if self.request.user.has_perm("cms.change_testimonial"):
            return objects
        return objects.filter(status=Testimonial.Status.APPROVED)


class TestimonialChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (_ApprovedUnlessModerator, ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (_ApprovedUnlessModerator, ChooseResultsView), {}
    )


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    chooser_viewset_class = TestimonialChooserViewSet
    icon = "openquote"
    list_display = ["name", "company", "rating", "status", "featured", "created_at"]
    list_filter = ["status", "featured", "confirmed"]
    search_fields = ["name", "company", "text"]


class FaqViewSet(SnippetViewSet):
    model = Faq
    icon = "help"
    list_display = ["question", "category", "sort_order"]
    list_filter = ["category"]
    sort_order_field = "sort_order"


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "order"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]


class CompanyStatViewSet(SnippetViewSet):
    model = CompanyStat
    icon = "order"
    list_display = ["label", "value", "value_type", "sort_order"]
    sort_order_field = "sort_order"


class _InstancePermissionMixin:
    """Wagtail's snippet edit/delete views check model-level permission only; staff
    profiles also need the instance rule (developers edit only their own profile,
    cms.policies.OwnStaffProfilePolicy)."""

    def dispatch(self, request, *args, **kwargs):
        profile = getattr(self, "object", None) or self.get_object()
        if not self.user_has_permission_for_instance(self.permission_required, profile):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffProfileEditView(_InstancePermissionMixin, EditView):
    pass


class StaffProfileDeleteView(_InstancePermissionMixin, DeleteView):
    pass


register_permission_policy(StaffProfile, OwnStaffProfilePolicy(StaffProfile))


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    edit_view_class = StaffProfileEditView
    delete_view_class = StaffProfileDeleteView
    icon = "user"
    menu_label = "Staff profiles"
    list_display = ["username", "user", "public_title", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["username", "public_title"]


class ContentViewSetGroup(ViewSetGroup):
    menu_label = "Content"
    menu_icon = "folder-inverse"
    menu_order = 250
    items = (
        TestimonialViewSet,
        FaqViewSet,
        ServiceCategoryViewSet,
        BlogCategoryViewSet,
        CompanyStatViewSet,
        StaffProfileViewSet,
    )


register_snippet(ContentViewSetGroup)


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Publish webhooks"
    list_display = ["name", "url", "is_active"]


# The delivery log is written by the system only: editors may look, not change.
register_permission_policy(WebhookDelivery, ReadOnlyPolicy(WebhookDelivery))


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = "Webhook deliveries"
    name = "webhook-deliveries"
    list_display = ["event", "endpoint", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event"]
    inspect_view_enabled = True
    form_fields = ["status"]

    def user_has_view_permission(self, user):
        return user.is_superuser or user.has_perm("cms.view_webhookdelivery")


class WebhookViewSetGroup(ViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    menu_order = 900
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return WebhookViewSetGroup()


# These register the careers and asset admins and the publishable settings.
from cms import (  # noqa: E402
    admin_catalog,  # noqa: F401
    admin_settings,  # noqa: F401
)
