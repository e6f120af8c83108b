"""Content builders for the CMS tests: a site tree, images drawn with Pillow, pages."""

import io
import uuid

import factory
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPostPage,
    Faq,
    HomePage,
    ProjectIndexPage,
    ProjectPage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
    StaffProfile,
    Testimonial,
)
from cms.models.publishing import PublishedSetting
from tests.factories import UserFactory


def sid():
    return str(uuid.uuid4())


def stream(kind, values):
    return [{"type": kind, "value": v, "id": sid()} for v in values]


def settings_admin_url(model):
    """Where the Site settings menu opens a group: its editor, after a redirect."""
    meta = model._meta
    if issubclass(model, PublishedSetting):
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
    return reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name])


def make_image(title="Picture", size=(320, 200), colour=(20, 90, 200)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    image = get_image_model()(
        title=title,
        description=f"{title} alt",
        file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png"),
    )
    image.save()
    return image


def ensure_wagtail_roots():
    """The locale, root page and root collection Wagtail's migrations create; a
    transactional test elsewhere may have flushed them."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


class SiteTree:
    def __init__(self):
        root = ensure_wagtail_roots()
        self.home = root.add_child(instance=HomePage(title="Home", slug="home-test"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "testserver", "root_page": self.home, "port": 80},
        )
        self.services = self.home.add_child(
            instance=ServiceIndexPage(title="Services", slug="services")
        )
        self.projects = self.home.add_child(
            instance=ProjectIndexPage(title="Projects", slug="projects")
        )
        self.blog = self.home.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))


def add_page(parent, page, *, publish=True):
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        type(page).objects.filter(pk=page.pk).update(live=False)
    return type(page).objects.get(pk=page.pk)


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    icon = "FaCode"


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogCategory

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    """Testimonials (named so pytest does not try to collect it)."""

    class Meta:
        model = Testimonial

    name = factory.Faker("name")
    role = "CTO"
    company = "Acme"
    text = "Great work."
    rating = 5
    status = Testimonial.Status.APPROVED


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."
    category = "General"


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory, phone="+254700000001")
    username = factory.Sequence(lambda n: f"staff-{n}")
    public_title = "Engineer"
    bio = "Builds things."
    is_public = True
    skills = factory.LazyFunction(lambda: stream("skill", ["Python", "React"]))


def service(tree, n=0, publish=True, **kw):
    fields = {
        "title": f"Service {n}",
        "slug": f"service-{n}",
        "summary": f"Summary {n}",
        "price_from": 1000 + n,
        "features": stream("item", ["Fast", "Friendly"]),
        "faqs": stream("faq", [{"question": "Q?", "answer": "A."}]),
        **kw,
    }
    return add_page(tree.services, ServicePage(**fields), publish=publish)


def project(tree, n=0, publish=True, **kw):
    fields = {
        "title": f"Project {n}",
        "slug": f"project-{n}",
        "description": f"Project {n} description",
        "project_type": "Web app",
        "industry": "Retail",
        "tech_stack": stream("item", ["Django", "React"]),
        **kw,
    }
    return add_page(tree.projects, ProjectPage(**fields), publish=publish)


def blog_post(tree, n=0, publish=True, tags=(), **kw):
    fields = {
        "title": f"Post {n}",
        "slug": f"post-{n}",
        "subtitle": "Sub",
        "excerpt": "Excerpt",
        "body": [{"type": "paragraph", "value": "<p>Hello world</p>", "id": sid()}],
        **kw,
    }
    page = BlogPostPage(**fields)
    tree.blog.add_child(instance=page)
    if tags:
        page.tags.set(list(tags))
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        BlogPostPage.objects.filter(pk=page.pk).update(live=False)
    return BlogPostPage.objects.get(pk=page.pk)
