"""The banner ./bin/dev prints once the site answers: where everything is and how to sign
in. Kept short so it cannot be missed."""

from django.conf import settings

from core.admin_login import RESET_HINT, AdminLogin


def _queue_line() -> str:
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage, SqliteStorage

    if HUEY.immediate:
        return "tasks run inline (HUEY_IMMEDIATE): no periodic tasks"
    if isinstance(HUEY.storage, SqliteStorage):
        return f"Huey consumer beside the server (queue file {HUEY.storage.filename})"
    if isinstance(HUEY.storage, RedisStorage):
        return "Huey consumer beside the server (queue in Redis)"
    return f"Huey consumer beside the server ({type(HUEY.storage).__name__})"


def render_banner(login: AdminLogin, *, backend_url: str | None = None) -> str:
    base = (backend_url or settings.BACKEND_URL).rstrip("/")
    rows = [
        ("Site", f"{settings.FRONTEND_URL}  (the React frontend; FRONTEND_URL)"),
        ("API", f"{base}/api/"),
        ("Admin", f"{base}/admin/"),
        ("API docs", f"{base}/api/docs/"),
        ("Email", login.email),
    ]
    if login.password is not None:
        note = "new login" if login.created else "password reset just now"
        rows.append(("Password", f"{login.password}  ({note}: it is not shown again)"))
    else:
        rows.append(("Password", "unchanged (this login already existed)"))
        rows.append(("Forgot it?", RESET_HINT))
    rows.append(("Jobs", _queue_line()))
    width = max(len(label) for label, _ in rows)
    body = [f"  {label.ljust(width)}  {value}" for label, value in rows]
    rule = "=" * max(60, max(len(line) for line in body) + 2)
    return "\n".join(
        [
            rule,
            "  AngiSoft Platform is running",
            "",
            *body,
            "",
            "  Ctrl-C stops the web server and the job consumer.",
            rule,
        ]
    )
