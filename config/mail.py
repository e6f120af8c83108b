"""The one way to send email: render templates/emails/<name>.{subject.txt,txt,html} in a
Huey task queued after the current transaction commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def render_email(template: str, context: dict) -> EmailMultiAlternatives:
    context = {"frontend_url": settings.FRONTEND_URL, **context}
    subject = render_to_string(f"emails/{template}.subject.txt", context).strip()
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text)
    message.attach_alternative(html, "text/html")
    return message


def send_email_on_commit(template: str, to: list[str] | str, context: dict) -> None:
    """Queue an email; it is only sent if the surrounding transaction commits."""
    from config.tasks import deliver_email

    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(lambda: deliver_email(template, recipients, context))
