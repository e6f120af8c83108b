"""What every app's Wagtail admin shares. Rows that change only through services
(payments, webhook logs, enquiries, bookings, tax documents) are listed and inspected,
and acted on through custom views that check their own permissions; the generic
add / edit / delete views are never offered (one read-only policy, two viewsets)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import path
from rest_framework.exceptions import APIException
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

READ_ONLY_BLOCKED = frozenset({"add", "change", "delete"})
# What a service raises to refuse an action: invalid input, or an API error such as the
# 409 of an illegal or stale status change.
SERVICE_REFUSALS = (ValidationError, APIException)


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in READ_ONLY_BLOCKED and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [a for a in actions if a not in READ_ONLY_BLOCKED] or ["view"]
        )


class ReadOnlyViewSet(ModelViewSet):
    """List, inspect and history only: the policy refuses add/change/delete, and the
    form is empty so no route could write a field even if it were reached."""

    form_fields = []
    copy_view_enabled = False
    search_backend_name = None


class WorkflowViewSet(ModelViewSet):
    """List, inspect, history and the app's own action views (`action_urls`, reversed as
    "<name>:<action>"). ModelViewSet requires `form_fields`, but no add/edit view is routed."""

    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None  # plain database lookups on search_fields
    list_per_page = 50
    action_urls: tuple[tuple[str, object], ...] = ()  # (name, view taking request and pk)

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        hidden = {"add", "edit", "delete", "copy"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
        actions = [path(f"{name}/<int:pk>/", view, name=name) for name, view in self.action_urls]
        return [*patterns, *actions]


def error_text(exc) -> str:
    """An error from a service as one sentence for an admin message."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
        return " ".join(exc.messages)
    return str(getattr(exc, "detail", exc))


@contextmanager
def action_messages(request, failed: str = "", errors=(ValidationError,)) -> Iterator[None]:
    """The body of a staff POST action: the block makes the service call and then adds its
    success message; if the service refuses (one of `errors`), the rest of the block is
    skipped and the refusal is shown as `failed` followed by the reason, so the view goes
    on to its redirect either way."""
    try:
        yield
    except errors as exc:
        messages.error(request, f"{failed}{error_text(exc)}")
