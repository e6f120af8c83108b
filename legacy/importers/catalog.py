"""Legacy categories, company stats, job postings and public staff profiles."""

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from cms.models import BlogCategory, CompanyStat, JobPosting, ServiceCategory, StaffProfile
from cms.models.careers import CURRENCIES
from legacy.importers.media import legacy_image
from legacy.importers.pages import decimal_or_none, plain, strings
from legacy.runner import SkipRow, TableImporter, save_published

User = get_user_model()


class CategoryImporter(TableImporter):
    columns = ["id", "name", "slug", "description"]

    def apply(self, row, existing):
        name = (row["name"] or "").strip()
        if not name:
            raise SkipRow("no name")
        slug = slugify(row["slug"] or "") or slugify(name)
        clash = self.model.objects.filter(slug=slug).exclude(pk=getattr(existing, "pk", None))
        if clash.exists():
            if existing is None and clash.filter(name__iexact=name).exists():
                # The same category already made here by hand: adopt it, keep its text.
                self.ctx.report.note(f"{self.table} {row['id']}: linked to existing {slug!r}")
                return clash.get()
            raise SkipRow(f"slug {slug!r} belongs to another category here")
        item = existing or self.model()
        item.name, item.slug = name[:120], slug[:120]
        item.description = row["description"] or ""
        self.fill_extra(item, row)
        item.save()
        return item

    def fill_extra(self, item, row) -> None:
        pass


class ServiceCategoryImporter(CategoryImporter):
    table = "ServiceCategory"
    columns = ["id", "name", "slug", "description", "icon", "order", "published"]
    model = ServiceCategory
    ICONS = {value for value, _ in ServiceCategory._meta.get_field("icon").choices}

    def fill_extra(self, item, row):
        icon = row["icon"] or ""
        if icon and icon not in self.ICONS:
            self.ctx.report.note(f"ServiceCategory {row['id']}: icon {icon!r} unknown, dropped")
            icon = ""
        item.icon = icon
        item.order = max(row["order"] or 0, 0)
        if row["published"] is False:
            self.ctx.report.note(
                f"ServiceCategory {row['id']}: unpublished in the old site (categories have "
                "no draft state here; it shows when a page uses it)"
            )


class BlogCategoryImporter(CategoryImporter):
    table = "BlogCategory"
    model = BlogCategory


VALUE_TYPES = set(CompanyStat.ValueType.values)


class CompanyStatImporter(TableImporter):
    table = "CompanyStat"
    columns = [
        "id", "label", "value", "suffix", "valueType", "prefix", "use_grouping", "icon",
        "description", "order", "published",
    ]  # fmt: skip
    model = CompanyStat

    def apply(self, row, existing):
        if row["published"] is False:
            raise SkipRow("unpublished (company stats here have no draft state)")
        if not (row["label"] or "").strip():
            raise SkipRow("no label")
        stat = existing or CompanyStat()
        stat.label = row["label"][:120]
        stat.value = str(row["value"] if row["value"] is not None else 0)[:60]
        stat.prefix = (row["prefix"] or "")[:10]
        stat.suffix = (row["suffix"] or "")[:10]
        value_type = (row["valueType"] or "plain").lower()
        if value_type not in VALUE_TYPES:
            self.ctx.report.note(f"CompanyStat {row['id']}: value type {value_type!r} -> plain")
            value_type = "plain"
        stat.value_type = value_type
        stat.use_grouping = row["use_grouping"] is not False
        stat.description = (row["description"] or "")[:255]
        stat.sort_order = row["order"] or 0
        stat.save()
        if row["icon"]:
            self.ctx.report.note(f"CompanyStat {row['id']}: icon {row['icon']!r} not carried")
        return stat


def _choice(value, choices, default):
    """'Full-Time' / 'full time' / 'on-site' -> FULL_TIME / ON_SITE, else the default."""
    key = str(value or "").strip().upper().replace("-", "_").replace(" ", "_")
    return key if key in choices else default


class JobPostingImporter(TableImporter):
    table = "JobPosting"
    columns = [
        "id", "title", "slug", "status", "department", "location", "employmentType",
        "workplaceType", "experienceLevel", "summary", "description", "responsibilities",
        "requirements", "preferredQualifications", "technologies", "salaryMin", "salaryMax",
        "salaryCurrency", "salaryVisibility", "openings", "featured", "applicationDeadline",
        "type", "benefits", "published", "expiresAt",
    ]  # fmt: skip
    model = JobPosting

    def apply(self, row, existing):
        if not (row["title"] or "").strip():
            raise SkipRow("no title")
        status = row["status"] or ("OPEN" if row["published"] else "DRAFT")
        job = existing or JobPosting()
        job.title = row["title"][:160]
        job.slug = (slugify(row["slug"] or "") or slugify(row["title"]))[:160]
        job.department = (row["department"] or "General")[:80]
        job.location = (row["location"] or "")[:120]
        types = JobPosting.EmploymentType.values
        job.employment_type = _choice(row["employmentType"] or row["type"], types, "FULL_TIME")
        job.workplace_type = _choice(
            row["workplaceType"], JobPosting.WorkplaceType.values, "HYBRID"
        )
        limit = JobPosting._meta.get_field("experience_level").max_length
        job.experience_level = (row["experienceLevel"] or "")[:limit]
        job.description = plain(row["description"], 100_000) or job.title
        job.summary = plain(row["summary"] or row["description"], 400)
        job.responsibilities = strings(row["responsibilities"], 300)
        job.requirements = strings(row["requirements"], 300)
        job.preferred_qualifications = strings(row["preferredQualifications"], 300)
        job.technologies = strings(row["technologies"], 300)
        currency = (row["salaryCurrency"] or "KES").upper()
        known = currency in {code for code, _ in CURRENCIES}
        job.salary_currency = currency if known else "KES"
        for ours, theirs in (("salary_min", "salaryMin"), ("salary_max", "salaryMax")):
            amount = decimal_or_none(row[theirs]) if known else None
            setattr(job, ours, None if amount is None else amount.quantize(1))
        job.salary_visible = row["salaryVisibility"] != "HIDDEN"
        job.openings = max(row["openings"] or 1, 1)
        job.featured = bool(row["featured"])
        deadline = row["applicationDeadline"] or row["expiresAt"]
        job.deadline = deadline.date() if deadline else None
        # OPEN takes applications; CLOSED/FILLED/ON_HOLD are published but closed;
        # DRAFT/ARCHIVED stay drafts.
        job.accepting_applications = status == "OPEN"
        if row["benefits"]:
            self.ctx.report.note(
                f"JobPosting {row['id']}: benefits are page-wide here (careers page), "
                "not carried: " + "; ".join(map(str, row["benefits"]))
            )
        if not known:
            self.ctx.report.note(f"JobPosting {row['id']}: salary currency {currency} unknown")
        job.full_clean()
        save_published(job, live=status not in ("DRAFT", "ARCHIVED"))
        return job


class StaffProfileImporter(TableImporter):
    """The public half of `Employee`: recorded as "Employee:profile" so the account
    (recorded as "Employee") and its profile are tracked separately."""

    table = "Employee"
    record_table = "Employee:profile"
    columns = [
        "id", "firstName", "lastName", "username", "bio", "avatarUrl", "publicTitle",
        "publicSummary", "location", "websiteUrl", "linkedinUrl", "twitterUrl", "githubUrl",
        "skills", "profilePublished", "profileVisibility", "department", "featured",
        "profileOrder",
    ]  # fmt: skip
    model = StaffProfile

    def apply(self, row, existing):
        user = self.ctx.target("Employee", row["id"], User)
        if user is None:
            raise SkipRow("its staff account was not imported")
        profile = existing or StaffProfile.objects.filter(user=user).first()
        if profile is None:
            profile = StaffProfile(user=user, username=self._username(row, user))
        profile.public_title = (row["publicTitle"] or "")[:120]
        profile.department = (row["department"] or "")[:80]
        profile.bio = row["bio"] or row["publicSummary"] or ""
        profile.location = (row["location"] or "")[:120]
        for ours, theirs in [
            ("linkedin_url", "linkedinUrl"),
            ("github_url", "githubUrl"),
            ("twitter_url", "twitterUrl"),
            ("website_url", "websiteUrl"),
        ]:
            setattr(profile, ours, row[theirs] or "")
        profile.skills = [
            {"type": "skill", "value": str(s)[:60]} for s in row["skills"] or [] if str(s).strip()
        ]
        profile.is_public = row["profilePublished"] is not False and (
            row["profileVisibility"] in (None, "PUBLIC")
        )
        profile.sort_order = max(row["profileOrder"] or 0, 0)
        name = f"{row['firstName']} {row['lastName']}".strip()
        avatar = legacy_image(
            self.ctx, row["avatarUrl"], title=name, where=f"Employee {row['id']} avatar"
        )
        profile.avatar = avatar or profile.avatar
        profile.full_clean(exclude=["user"])
        profile.save()
        return profile

    def _username(self, row, user) -> str:
        base = slugify(row["username"] or "") or slugify(f"{row['firstName']}-{row['lastName']}")
        base = (base or f"staff-{user.pk}")[:70]
        username, n = base, 2
        while StaffProfile.objects.filter(username=username).exists():
            username, n = f"{base}-{n}", n + 1
        if username != base:
            self.ctx.report.note(f"Employee {row['id']}: username {base!r} taken; {username}")
        return username
