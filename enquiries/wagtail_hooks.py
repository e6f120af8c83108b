from wagtail import hooks
from wagtail.permissions import register_permission_policy

from accounts.admin_base import ReadOnlyPolicy
from core.dashboard import ATTENTION_PANEL_HOOK, SHOWN, AttentionPanel, AttentionRow, admin_url
from enquiries.admin_newsletter import NewsletterIssueViewSet, NewsletterSubscriberViewSet
from enquiries.admin_views import EnquiryViewSet
from enquiries.models import Enquiry, NewsletterSubscriber
from enquiries.services import enquiries as services
from enquiries.services.newsletter_issues import AUDIT_SEND

register_permission_policy(Enquiry, ReadOnlyPolicy(Enquiry))
register_permission_policy(NewsletterSubscriber, ReadOnlyPolicy(NewsletterSubscriber))


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register("register_admin_viewset")
def register_newsletter_viewset():
    return NewsletterSubscriberViewSet()


@hooks.register("register_admin_viewset")
def register_newsletter_issue_viewset():
    return NewsletterIssueViewSet()


@hooks.register("register_log_actions")
def register_enquiry_log_actions(actions):
    actions.register_action(services.AUDIT_CREATE, "Receive enquiry", "Enquiry received")
    actions.register_action(
        services.AUDIT_TRANSITION, "Change enquiry status", "Enquiry status changed"
    )
    actions.register_action(services.AUDIT_ASSIGN, "Assign enquiry", "Enquiry assigned")
    actions.register_action(services.AUDIT_REPLY, "Reply to enquiry", "Reply emailed")
    actions.register_action(AUDIT_SEND, "Send newsletter issue", "Newsletter sending started")


@hooks.register(ATTENTION_PANEL_HOOK)
def enquiries_panel(request) -> AttentionPanel | None:
    if not request.user.has_perm("enquiries.view_enquiry"):
        return None
    waiting = Enquiry.objects.filter(status="new").order_by("created_at", "pk")
    rows = [
        AttentionRow(
            title=f"{e.public_reference} · {e.subject}",
            detail=f"{e.name} · {e.created_at:%d %b %Y}",
            url=admin_url("enquiry_admin:inspect", e.pk),
        )
        for e in waiting[:SHOWN]
    ]
    return AttentionPanel(
        key="enquiries",
        heading="Unanswered enquiries",
        total=waiting.count(),
        list_url=admin_url("enquiry_admin:index") + "?status=new",
        empty_text="Every enquiry has an answer.",
        rows=rows,
        order=20,
    )
