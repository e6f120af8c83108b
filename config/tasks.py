from huey.contrib.djhuey import task

from config.mail import render_email


@task(retries=5, retry_delay=30)
def deliver_email(template: str, recipients: list[str], context: dict) -> int:
    message = render_email(template, context)
    message.to = recipients
    return message.send()
