"""Admin for the publishable settings groups (cms.models.publishing): Wagtail's snippet
views give them drafts, preview, history, compare, revert, unpublish and locking. Each
group has one row, so its listing and "add" open that row's editor, and nobody can copy
or delete it. The entries sit in the "Site settings" menu (core.admin_menus)."""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.views import View
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import (
    BookingSettings,
    FooterSettings,
    HeroSettings,
    NavigationSettings,
    PricingSettings,
)


class SingleInstancePolicy(ModelPermissionPolicy):
    """The row is created by PublishedSetting.load(); editors change and publish it."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class OpenTheInstance(View):
    model = None

    def get(self, request, *args, **kwargs):
        if not _can_change(request.user, self.model):
            raise PermissionDenied
        return redirect(AdminURLFinder(request.user).get_edit_url(self.model.load()))


class PublishedSettingViewSet(SnippetViewSet):
    copy_view_enabled = False
    # In our "Site settings" menu, not Wagtail's Snippets (which would add its breadcrumb).
    menu_item_is_registered = True

    @property
    def index_view(self):
        return OpenTheInstance.as_view(model=self.model)

    index_results_view = index_view
    add_view = index_view


class NavigationViewSet(PublishedSettingViewSet):
    model = NavigationSettings
    icon = "list-ul"


class FooterViewSet(PublishedSettingViewSet):
    model = FooterSettings
    icon = "placeholder"


class HeroViewSet(PublishedSettingViewSet):
    model = HeroSettings
    icon = "home"


class BookingViewSet(PublishedSettingViewSet):
    model = BookingSettings
    icon = "date"


class PricingViewSet(PublishedSettingViewSet):
    model = PricingSettings
    icon = "tag"


VIEWSETS = (NavigationViewSet, FooterViewSet, HeroViewSet, BookingViewSet, PricingViewSet)


for _viewset in VIEWSETS:
    register_permission_policy(_viewset.model, SingleInstancePolicy(_viewset.model))
    register_snippet(_viewset)


def _can_change(user, model) -> bool:
    return user.has_perm(
        f"{model._meta.app_label}.{get_permission_codename('change', model._meta)}"
    )


class PublishedSettingMenuItem(MenuItem):
    def __init__(self, viewset, order):
        self.model = viewset.model
        meta = self.model._meta
        super().__init__(
            capfirst(meta.verbose_name),
            reverse_lazy(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"),
            name=f"{meta.app_label}-{meta.model_name}",
            icon_name=viewset.icon,
            order=order,
        )

    def is_shown(self, request):
        return _can_change(request.user, self.model)
