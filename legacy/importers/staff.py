"""Legacy `Employee` rows -> staff users (no password; an invitation only when asked).

The old site kept roles twice: the `Employee.role` column and role assignments
(`EmployeeRoleAssignment` -> `AppRole.key`). When they disagree we take the LEAST
privileged of the mapped roles and report the conflict: an admin can raise a role with
one click, while a role that is too high would leak access before anyone noticed.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts.models import Invitation, Role
from accounts.roles import assign_role, role_of
from legacy.runner import SkipRow, TableImporter, aware

User = get_user_model()

ROLE_MAP = {
    "SUPER_ADMIN": Role.ADMIN,
    "ADMIN": Role.ADMIN,
    "MANAGER": Role.ADMIN,
    "MARKETING": Role.MARKETING,
    "CONTENT_CREATOR": Role.MARKETING,
    "BLOG_MANAGER": Role.MARKETING,
    "DEVELOPER": Role.DEVELOPER,
    "HR": Role.DEVELOPER,
    "STAFF": Role.DEVELOPER,
}
PRIVILEGE = [Role.DEVELOPER, Role.MARKETING, Role.ADMIN]  # lowest first


def map_role(value) -> Role | None:
    return ROLE_MAP.get((value or "").strip().upper().replace("-", "_").replace(" ", "_"))


class EmployeeImporter(TableImporter):
    table = "Employee"
    columns = ["id", "firstName", "lastName", "email", "phone", "role", "createdAt"]
    model = User

    def __init__(self, ctx, *, send_invites: bool = False):
        super().__init__(ctx)
        self.send_invites = send_invites

    def prepare(self, rows):
        self.assigned: dict[str, list[str]] = {}
        source = self.ctx.source
        if not (source.has_table("EmployeeRoleAssignment") and source.has_table("AppRole")):
            self.ctx.report.note("role assignments absent: Employee.role used alone")
            return
        query = (
            'SELECT a."employeeId" AS employee, r."key" AS key FROM "EmployeeRoleAssignment" a '
            'JOIN "AppRole" r ON r.id = a."roleId" ORDER BY a."employeeId", r."key"'
        )
        for row in source.conn.execute(query).fetchall():
            self.assigned.setdefault(str(row["employee"]), []).append(row["key"])

    def _role(self, row) -> Role:
        legacy_id = str(row["id"])
        column = map_role(row["role"])
        keys = self.assigned.get(legacy_id, [])
        mapped = {map_role(k) for k in keys} - {None}
        for key in keys:
            if map_role(key) is None:
                self.ctx.report.note(f"Employee {legacy_id}: role assignment {key!r} unmapped")
        candidates = mapped | ({column} if column else set())
        if not candidates:
            raise SkipRow(f"role {row['role']!r} has no counterpart here")
        role = min(candidates, key=PRIVILEGE.index)
        if len(candidates) > 1:
            self.ctx.report.note(
                f"Employee {legacy_id}: role conflict (Employee.role {row['role']}, "
                f"assignments {', '.join(keys)}); given {role.label}"
            )
        return role

    def apply(self, row, existing):
        email = (row["email"] or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise SkipRow(f"invalid email {row['email']!r}") from exc
        role = self._role(row)
        user = existing or User.objects.filter(email__iexact=email).first()
        if user is not None and existing is None and (user.is_active or user.has_usable_password()):
            # Someone already set up on the new site: link it, leave the account alone.
            self.ctx.report.note(f"Employee {row['id']}: linked to existing account {email}")
            return user
        if user is None:
            user = User(email=email, is_active=False, is_staff=True)
            user.set_unusable_password()  # the old hash is never carried over
        user.first_name = (row["firstName"] or "")[:150]
        user.last_name = (row["lastName"] or "")[:150]
        user.phone = (row["phone"] or "")[:32]
        if row["createdAt"]:
            user.date_joined = aware(row["createdAt"])
        user.save()
        if role_of(user) != role:
            assign_role(user, role)
        if self.send_invites and not user.is_active:
            self._invite(user, role)
        return user

    def _invite(self, user, role) -> None:
        from accounts.services.invites import invitation_create

        pending = Invitation.objects.filter(user=user, status=Invitation.Status.PENDING)
        if not pending.exists():
            invitation_create(
                email=user.email,
                role=role,
                first_name=user.first_name,
                last_name=user.last_name,
                phone=user.phone,
                invited_by=None,
            )
