"""Tasks queued before the platform app moved from config/ to core/ still run: their
messages name "config.tasks.<task>"."""

import pytest
from django.core import mail
from huey.contrib.djhuey import HUEY

from core.models import OutboxEmail
from core.tasks import deliver_outbox_email, sweep_outbox


def _queued_under_old_name(signature) -> bytes:
    message = HUEY._registry.create_message(signature)
    old = message._replace(name=message.name.replace("core.tasks.", "config.tasks.", 1))
    return HUEY.serializer.serialize(old)


@pytest.mark.django_db
def test_message_queued_under_config_tasks_runs_the_same_task(django_capture_on_commit_callbacks):
    from core.mail import send_email_on_commit

    with django_capture_on_commit_callbacks():  # not executed: only the row exists
        send_email_on_commit("platform_test", ["ops@angisoft.test"], {"marker": "old"})
    email = OutboxEmail.objects.get()
    data = _queued_under_old_name(deliver_outbox_email.s(email.pk))

    task = HUEY.deserialize_task(data)
    assert type(task) is deliver_outbox_email.task_class
    HUEY.execute(task)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["ops@angisoft.test"]]


def test_periodic_tasks_are_scheduled_once():
    names = [type(task).__name__ for task in HUEY._registry.periodic_tasks]
    assert names.count(sweep_outbox.task_class.__name__) == 1


def test_new_messages_carry_the_core_name():
    message = HUEY._registry.create_message(sweep_outbox.s())
    assert message.name == "core.tasks.sweep_outbox"
