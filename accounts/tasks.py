from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from accounts.services.housekeeping import accounts_prune


@db_periodic_task(crontab(hour="3", minute="15"))
def prune_sign_in_records():
    return accounts_prune()
