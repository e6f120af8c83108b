"""Legacy services, projects, blog posts and products -> Wagtail pages under their index
pages. Published legacy rows are published here; unpublished ones become drafts."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator, slugify

from cms.demo import ensure_home
from cms.links import is_safe_link
from cms.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPostPage,
    HomePage,
    ProductIndexPage,
    ProductPage,
    ProjectIndexPage,
    ProjectPage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)
from cms.models.pages import CURRENCIES
from legacy.importers.media import _block, body_stream, gallery, legacy_image
from legacy.runner import SkipRow, TableImporter, aware

User = get_user_model()
OUR_CURRENCIES = {code for code, _ in CURRENCIES}


def plain(text, limit: int) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).chars(limit)


def decimal_or_none(value):
    try:
        return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def strings(values, limit: int) -> list[dict]:
    """A legacy string array (or list of {title|name|label}) as an "item" stream."""
    out = []
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("title") or value.get("name") or value.get("label") or ""
        if str(value).strip():
            out.append(_block("item", str(value).strip()[:limit]))
    return out


class PageImporter(TableImporter):
    """Subclasses fill the page's fields in `fill(page, row)`; this places, slugs,
    dates and publishes it."""

    index_model = None
    index_title = ""

    def parent(self):
        home = HomePage.objects.first()
        if home is None:
            home = ensure_home()  # a fresh install: the site's root page, once
            self.ctx.report.note("created the site's home page to hold imported pages")
        index = self.index_model.objects.first()
        if index is None:
            index = self.index_model(title=self.index_title, slug=slugify(self.index_title))
            home.add_child(instance=index)
            index.save_revision().publish()
        return index

    def fill(self, page, row) -> None:
        raise NotImplementedError

    def title(self, row) -> str:
        return row["title"]

    def apply(self, row, existing):
        title = (self.title(row) or "").strip()
        if not title:
            raise SkipRow("no title")
        page = existing or self.model()
        page.title = title[:255]
        self.fill(page, row)
        page.seo_title = (row.get("seoTitle") or "")[:255]
        page.search_description = row.get("seoDesc") or row.get("seoDescription") or ""
        if existing is None:
            parent = self.parent()
            page.slug = self._free_slug(parent, row, title)
            page.live = False
            parent.add_child(instance=page)
        else:
            page.save()
        revision = page.save_revision()
        if row["published"]:
            revision.publish()
        elif page.live:
            page.unpublish()
        published = aware(row.get("publishedAt") or row["createdAt"])
        if published and row["published"]:
            self.model.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published
            )
        return page

    def _free_slug(self, parent, row, title) -> str:
        wanted = slugify(row["slug"] or "") or slugify(title) or f"legacy-{row['id']}"
        slug = wanted[:250]
        if parent.get_children().filter(slug=slug).exists():
            # A page already here (e.g. written by an editor): never overwritten.
            slug = f"{slug[:240]}-legacy"
            self.ctx.report.note(f"{self.table} {row['id']}: slug {wanted!r} is taken; used {slug}")
        return slug

    def author(self, row):
        author = self.ctx.target("Employee", row["authorId"], User)
        if row["authorId"] and author is None:
            self.ctx.report.note(f"{self.table} {row['id']}: author {row['authorId']} not imported")
        return author

    def currency(self, row, value) -> str | None:
        currency = (value or "KES").strip().upper()
        if currency not in OUR_CURRENCIES:
            self.ctx.report.note(f"{self.table} {row['id']}: currency {value!r} unknown; no price")
            return None
        return currency

    def category_by_label(self, row, label, model):
        if not (label or "").strip():
            return None
        found = model.objects.filter(name__iexact=label.strip()).first()
        if found is None:
            self.ctx.report.note(f"{self.table} {row['id']}: category {label!r} has no match")
        return found


class ServiceImporter(PageImporter):
    table = "Service"
    columns = [
        "id", "title", "slug", "description", "category", "categoryId", "priceFrom",
        "currency", "pricing", "targetAudience", "scope", "features", "images", "seoTitle",
        "seoDesc", "authorId", "published", "featured", "createdAt",
    ]  # fmt: skip
    model = ServicePage
    index_model = ServiceIndexPage
    index_title = "Services"

    def fill(self, page, row):
        where = f"Service {row['id']}"
        page.summary = plain(row["description"], 300) or page.title
        page.body = body_stream(self.ctx, row["description"], title=page.title, where=where)
        page.category = self.ctx.target(
            "ServiceCategory", row["categoryId"], ServiceCategory
        ) or self.category_by_label(row, row["category"], ServiceCategory)
        currency = self.currency(row, row["currency"])
        page.currency = currency or "KES"
        page.price_from = decimal_or_none(row["priceFrom"]) if currency else None
        page.scope = row["scope"] or ""
        page.target_audience = row["targetAudience"] or ""
        page.featured = bool(row["featured"])
        page.author = self.author(row)
        page.features = strings(row["features"], 200)
        page.gallery = gallery(self.ctx, (row["images"] or [])[:12], title=page.title, where=where)
        page.pricing = self._packages(row)

    def _packages(self, row) -> list[dict]:
        pricing = row["pricing"]
        if isinstance(pricing, dict):
            pricing = pricing.get("packages") or pricing.get("tiers") or [pricing]
        packages = []
        for item in pricing or []:
            if not isinstance(item, dict) or not (item.get("name") or item.get("title")):
                self.ctx.report.note(f"Service {row['id']}: pricing entry {item!r} not carried")
                continue
            items = item.get("items") or item.get("features") or []
            packages.append(
                _block(
                    "package",
                    {
                        "name": str(item.get("name") or item.get("title"))[:80],
                        "price": decimal_or_none(item.get("price") or item.get("priceFrom")),
                        "period": str(item.get("period") or "")[:40],
                        "description": str(item.get("description") or ""),
                        "items": [str(i)[:160] for i in items if str(i).strip()],
                        "highlighted": bool(item.get("highlighted") or item.get("popular")),
                    },
                )
            )
        return packages


class ProjectImporter(PageImporter):
    table = "Project"
    columns = [
        "id", "title", "slug", "description", "type", "images", "demoUrl", "repoUrl",
        "techStack", "industry", "featured", "seoTitle", "seoDesc", "authorId", "published",
        "createdAt",
    ]  # fmt: skip
    model = ProjectPage
    index_model = ProjectIndexPage
    index_title = "Projects"

    def fill(self, page, row):
        page.description = row["description"] or page.title
        page.project_type = (row["type"] or "")[:60]
        page.industry = (row["industry"] or "")[:80]
        page.featured = bool(row["featured"])
        page.demo_url = row["demoUrl"] or ""
        page.repo_url = row["repoUrl"] or ""
        page.author = self.author(row)
        page.tech_stack = strings(row["techStack"], 200)
        page.gallery = gallery(
            self.ctx, (row["images"] or [])[:12], title=page.title, where=f"Project {row['id']}"
        )


class BlogPostImporter(PageImporter):
    table = "BlogPost"
    columns = [
        "id", "title", "slug", "subtitle", "content", "contentType", "mediaUrl", "coverImage",
        "excerpt", "seoTitle", "seoDescription", "featured", "categoryId", "authorId", "tags",
        "published", "publishedAt", "createdAt",
    ]  # fmt: skip
    model = BlogPostPage
    index_model = BlogIndexPage
    index_title = "Blog"

    def fill(self, page, row):
        where = f"BlogPost {row['id']}"
        page.subtitle = (row["subtitle"] or "")[:255]
        page.excerpt = row["excerpt"] or plain(row["content"], 300)
        body = body_stream(self.ctx, row["content"], title=page.title, where=where)
        media = (row["mediaUrl"] or "").strip()
        if media and is_safe_link(media):
            # Podcasts and videos: kept as a link (an embed would need the provider online).
            link = format_html('<p><a href="{}">{}</a></p>', media, row["contentType"] or "media")
            body.insert(0, _block("paragraph", link))
        elif media:
            self.ctx.report.note(f"{where}: media URL {media!r} is not safe, not carried")
        page.body = body
        page.cover_image = legacy_image(
            self.ctx, row["coverImage"], title=page.title, where=f"{where} cover"
        )
        page.category = self.ctx.target("BlogCategory", row["categoryId"], BlogCategory)
        if row["categoryId"] and page.category is None:
            self.ctx.report.note(f"{where}: category {row['categoryId']} not imported")
        page.author = self.author(row)
        page.featured = bool(row["featured"])
        # modelcluster keeps tags on the unsaved page: the revision carries them.
        page.tags.set(sorted({str(t).strip()[:100] for t in row["tags"] or [] if str(t).strip()}))


PRODUCT_PRICING = {"fixed", "starting_from", "subscription", "custom_quote"}


class ProductImporter(PageImporter):
    table = "Product"
    columns = [
        "id", "name", "slug", "tagline", "description", "category", "logoUrl", "bannerUrl",
        "features", "pricing", "screenshots", "demoUrl", "status", "seoTitle", "seoDesc",
        "published", "sortOrder", "createdAt",
    ]  # fmt: skip
    model = ProductPage
    index_model = ProductIndexPage
    index_title = "Products"

    def title(self, row):
        return row["name"]

    def fill(self, page, row):
        where = f"Product {row['id']}"
        page.tagline = (row["tagline"] or "")[:160]
        page.description = plain(row["description"], 100_000) or page.title
        page.status = row["status"] if row["status"] in ProductPage.Status.values else "LIVE"
        page.category = self.category_by_label(row, row["category"], ServiceCategory)
        page.logo = legacy_image(self.ctx, row["logoUrl"], title=page.title, where=where)
        page.banner = legacy_image(self.ctx, row["bannerUrl"], title=page.title, where=where)
        shots = [s.get("url") if isinstance(s, dict) else s for s in row["screenshots"] or []]
        page.screenshots = gallery(self.ctx, shots[:12], title=page.title, where=where)
        page.features = strings(row["features"], 200)
        page.demo_url = row["demoUrl"] or ""
        page.sort_order = row["sortOrder"] or 0
        self._pricing(page, row)

    def _pricing(self, page, row):
        pricing = row["pricing"] if isinstance(row["pricing"], dict) else {}
        if row["pricing"] is not None and not pricing:
            self.ctx.report.note(f"Product {row['id']}: pricing {row['pricing']!r} not carried")
        kind = str(pricing.get("type") or pricing.get("pricingType") or "").lower()
        page.pricing_type = kind if kind in PRODUCT_PRICING else "custom_quote"
        currency = self.currency(row, pricing.get("currency"))
        page.price_currency = currency or "KES"
        amount = pricing.get("amount", pricing.get("price"))
        page.price_amount = decimal_or_none(amount) if currency else None
        page.price_label = str(pricing.get("label") or "")[:80]
