"""The demo AngiSoft site, built idempotently (load_demo_content). Images are drawn with
Pillow on the spot; nothing is downloaded."""

import io
import uuid

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection, Page, Site

from accounts.roles import sync_roles
from cms import demo_assets, demo_extra
from cms.demo_settings import INDUSTRY_NAMES, fill_settings
from cms.images import IMAGE_SIZES
from cms.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPostPage,
    CompanyStat,
    Faq,
    HomePage,
    ProjectIndexPage,
    ProjectPage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
    StaffProfile,
    StandardPage,
    Testimonial,
    UploadsSettings,
)
from cms.richtext import create_rendition

PALETTE = [
    ((14, 35, 74), (39, 110, 241)),
    ((20, 83, 45), (52, 211, 153)),
    ((88, 28, 135), (236, 72, 153)),
    ((124, 45, 18), (251, 146, 60)),
    ((15, 23, 42), (56, 189, 248)),
    ((30, 41, 59), (148, 163, 184)),
]


def _sid():
    return str(uuid.uuid4())


def stream(kind, values):
    return [{"type": kind, "value": v, "id": _sid()} for v in values]


def draw_image(title, size=(1200, 800), index=0):
    """A gradient with the title written on it, as a JPEG in memory."""
    top, bottom = PALETTE[index % len(PALETTE)]
    width, height = size
    img = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(img)
    for y in range(0, height, 4):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.rectangle([0, y, width, y + 4], fill=colour)
    for k in range(6):
        r = 40 + 30 * k
        draw.ellipse(
            [width - 260 - r, 120 - r // 2, width - 260 + r, 120 + r],
            outline=(255, 255, 255),
        )
    draw.text((60, height - 120), title, fill=(255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82)
    return buffer


def get_image(title, *, collection=None, size=(1200, 800), index=0, description=""):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        image = Image(
            title=title,
            description=description or title,
            collection=collection or Collection.get_first_root_node(),
            file=ImageFile(draw_image(title, size, index), name=f"{slug}.jpg"),
        )
        image.save()
    return image


def upsert_child(parent, model, slug, **fields):
    """Create and publish the child page `slug` of `parent` unless it exists."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page  # already there: editors' changes are kept
    tags = fields.pop("tags", None)
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if tags:
        page.tags.set(tags)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


def ensure_home():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="AngiSoft Technologies", slug="angisoft-home")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="AngiSoft"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "AngiSoft Technologies"
        site.save()
    # Wagtail's placeholder welcome page is not part of the site.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    return HomePage.objects.get(pk=home.pk)


STAFF = [
    (
        "angela",
        "Angela",
        "Wanjiru",
        "Founder & Lead Engineer",
        "Nairobi, Kenya",
        ["Python", "Django", "React", "Architecture"],
    ),
    (
        "brian",
        "Brian",
        "Otieno",
        "Mobile Developer",
        "Kisumu, Kenya",
        ["Flutter", "Kotlin", "Firebase"],
    ),
    (
        "carol",
        "Carol",
        "Muthoni",
        "Content & Documents Lead",
        "Nairobi, Kenya",
        ["Technical writing", "CV writing", "Editing"],
    ),
]

DEPARTMENTS = {"angela": "Engineering", "brian": "Engineering", "carol": "Documents"}

SERVICES = [
    (
        "custom-software",
        "Custom Software Development",
        "software",
        150000,
        "Tailor-made systems that fit how your business really works.",
        True,
    ),
    (
        "web-development",
        "Web Development",
        "software",
        45000,
        "Fast, accessible websites and web apps built on modern stacks.",
        True,
    ),
    (
        "mobile-apps",
        "Mobile App Development",
        "software",
        120000,
        "Android and iOS apps your customers will keep on their phones.",
        True,
    ),
    (
        "cloud-devops",
        "Cloud & DevOps",
        "consulting",
        60000,
        "Reliable deployments, backups and monitoring on the cloud you choose.",
        False,
    ),
    (
        "resume-writing",
        "Professional Resume Writing",
        "documents",
        2500,
        "CVs and cover letters that get you shortlisted.",
        False,
    ),
    (
        "document-editing",
        "Document Editing",
        "documents",
        1500,
        "Proofreading, formatting and editing for reports, theses and proposals.",
        False,
    ),
    (
        "report-writing",
        "Report Writing",
        "documents",
        5000,
        "Clear business, project and research reports, on time.",
        False,
    ),
    (
        "it-consulting",
        "IT Consulting",
        "consulting",
        10000,
        "Independent advice on systems, security and digital strategy.",
        False,
    ),
]

PROJECTS = [
    ("duka-pos", "Duka POS", "Web app", "Retail", ["Django", "React", "PostgreSQL", "M-Pesa"]),
    ("shule-portal", "Shule Parent Portal", "Web app", "Education", ["Wagtail", "Vue", "Redis"]),
    (
        "afya-booking",
        "Afya Clinic Booking",
        "Mobile app",
        "Healthcare",
        ["Flutter", "Firebase", "Stripe"],
    ),
    ("sacco-ledger", "SACCO Ledger", "Web app", "Finance", ["Python", "FastAPI", "PostgreSQL"]),
    ("agri-market", "AgriMarket", "Mobile app", "Agriculture", ["Kotlin", "Django", "Celery"]),
]

POSTS = [
    (
        "mpesa-integration-guide",
        "Integrating M-Pesa STK Push in Django",
        "A practical walk-through",
        "engineering",
        ["python", "payments", "mpesa"],
        True,
    ),
    (
        "choosing-a-cms",
        "Choosing a CMS for a growing business",
        "Why we build on Wagtail",
        "engineering",
        ["wagtail", "cms"],
        False,
    ),
    (
        "cv-mistakes",
        "Seven CV mistakes that cost interviews",
        "And how to fix them today",
        "careers",
        ["cv", "careers"],
        True,
    ),
    (
        "cloud-costs",
        "Keeping cloud costs under control",
        "Small changes, big savings",
        "engineering",
        ["cloud", "devops"],
        False,
    ),
    (
        "project-briefs",
        "How to write a project brief developers love",
        "Get accurate quotes faster",
        "business",
        ["projects", "planning"],
        False,
    ),
    (
        "accessibility-basics",
        "Web accessibility basics for small teams",
        "Reach every visitor",
        "engineering",
        ["web", "accessibility"],
        False,
    ),
]


def paragraph(text, link_page=None):
    link = ""
    if link_page is not None:
        link = f' See <a linktype="page" id="{link_page.pk}">{link_page.title}</a>.'
    return {"type": "paragraph", "value": f"<p>{text}{link}</p>", "id": _sid()}


@transaction.atomic
def load(stdout=None):
    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    home = ensure_home()
    root_collection = Collection.get_first_root_node()
    brand = root_collection.get_children().filter(name="Brand").first()
    if brand is None:
        brand = root_collection.add_child(name="Brand")
    logos = brand.get_children().filter(name="Logos").first() or brand.add_child(name="Logos")
    brand = Collection.objects.get(pk=brand.pk)

    logo = get_image("AngiSoft logo", collection=logos, size=(600, 200), index=0)
    get_image("Office", collection=brand, index=4, description="The AngiSoft office")
    get_image("Team at work", collection=brand, index=1, description="The team at work")
    hero_bg = get_image("Hero background", index=0)

    # --- people
    User = get_user_model()
    staff = {}
    for i, (username, first, last, title, location, skills) in enumerate(STAFF):
        user, _ = User.objects.get_or_create(
            email=f"{username}@angisoft.co.ke",
            defaults={"first_name": first, "last_name": last, "is_staff": True},
        )
        avatar = get_image(f"{first} {last}", size=(600, 600), index=i + 2)
        StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "username": username,
                "public_title": title,
                "department": DEPARTMENTS[username],
                "bio": f"{first} builds dependable software and documents for AngiSoft clients.",
                "avatar": avatar,
                "location": location,
                "linkedin_url": f"https://www.linkedin.com/in/{username}-angisoft",
                "github_url": f"https://github.com/{username}-angisoft",
                "skills": stream("skill", skills),
                "is_public": True,
                "sort_order": i,
            },
        )
        staff[username] = user

    # --- categories
    service_categories = {}
    for order, (slug, name, icon) in enumerate(
        [
            ("software", "Software", "FaCode"),
            ("documents", "Documents & Writing", "FaFileAlt"),
            ("consulting", "Consulting", "FaBriefcase"),
        ]
    ):
        service_categories[slug], _ = ServiceCategory.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "icon": icon,
                "order": order,
                "description": f"{name} services by AngiSoft.",
            },
        )
    blog_categories = {}
    for slug, name in [
        ("engineering", "Engineering"),
        ("careers", "Careers"),
        ("business", "Business"),
    ]:
        blog_categories[slug], _ = BlogCategory.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )

    # --- pages
    services_index = upsert_child(
        home, ServiceIndexPage, "services", title="Services", intro="What we do."
    )
    projects_index = upsert_child(
        home, ProjectIndexPage, "projects", title="Projects", intro="Work we are proud of."
    )
    blog_index = upsert_child(home, BlogIndexPage, "blog", title="Blog", intro="Notes and guides.")
    about = upsert_child(
        home,
        StandardPage,
        "about",
        title="About AngiSoft",
        intro="A Nairobi software studio.",
        body=[paragraph("AngiSoft Technologies builds software, websites and documents.")],
    )
    upsert_child(
        home,
        StandardPage,
        "privacy",
        title="Privacy policy",
        body=[paragraph("We only keep the data we need to deliver your project.")],
    )
    upsert_child(
        home,
        StandardPage,
        "terms",
        title="Terms of service",
        body=[paragraph("Deposits secure your slot; balances are due on delivery.")],
    )

    service_pages = []
    for i, (slug, title, cat, price, summary, featured) in enumerate(SERVICES):
        img = get_image(title, index=i)
        page = upsert_child(
            services_index,
            ServicePage,
            slug,
            title=title,
            summary=summary,
            category=service_categories[cat],
            price_from=price,
            currency="KES",
            featured=featured,
            author=staff["angela" if cat != "documents" else "carol"],
            scope="Discovery, design, build, test and handover with documentation.",
            target_audience="Small and medium businesses, NGOs and startups.",
            features=stream(
                "item",
                [
                    "Free consultation",
                    "Fixed-price quote",
                    "Weekly progress updates",
                    "Support after launch",
                ],
            ),
            gallery=stream("image", [img.pk]),
            pricing=stream(
                "package",
                [
                    {
                        "name": "Starter",
                        "price": str(price),
                        "period": "project",
                        "description": "For a first version.",
                        "items": ["Scoping", "Delivery"],
                        "highlighted": False,
                    },
                    {
                        "name": "Business",
                        "price": str(price * 2),
                        "period": "project",
                        "description": "For growing teams.",
                        "items": ["Everything in Starter", "Priority support"],
                        "highlighted": True,
                    },
                ],
            ),
            faqs=stream(
                "faq",
                [
                    {
                        "question": "How long does it take?",
                        "answer": "Most projects take two to eight weeks.",
                    },
                    {
                        "question": "Can I pay by M-Pesa?",
                        "answer": "Yes, as well as card and PayPal.",
                    },
                ],
            ),
            body=[
                {"type": "heading", "value": "How we work", "id": _sid()},
                paragraph(f"{summary} We agree the scope first and share progress weekly.", about),
                {"type": "image", "value": {"image": img.pk, "caption": title}, "id": _sid()},
            ],
            seo_title=f"{title} | AngiSoft Technologies",
            search_description=summary,
        )
        service_pages.append(page)

    for i, (slug, title, kind, industry, stack) in enumerate(PROJECTS):
        img = get_image(f"Project {title}", index=i + 1)
        upsert_child(
            projects_index,
            ProjectPage,
            slug,
            title=title,
            description=f"{title}: a {kind.lower()} for the {industry.lower()} sector.",
            project_type=kind,
            industry=industry,
            featured=i < 3,
            author=staff["angela"],
            demo_url=f"https://demo.angisoft.co.ke/{slug}",
            repo_url="",
            gallery=stream("image", [img.pk]),
            tech_stack=stream("item", stack),
            body=[paragraph(f"We designed and built {title} with the client's team.")],
        )

    for i, (slug, title, subtitle, cat, tags, featured) in enumerate(POSTS):
        cover = get_image(f"Blog {title}", index=i + 3)
        upsert_child(
            blog_index,
            BlogPostPage,
            slug,
            title=title,
            subtitle=subtitle,
            excerpt=f"{subtitle}: {title.lower()}.",
            cover_image=cover,
            cover_image_alt=title,
            category=blog_categories[cat],
            featured=featured,
            author=staff["carol" if cat == "careers" else "angela"],
            tags=tags,
            body=[
                paragraph(
                    "Here is what we learned building this for our clients. " * 20,
                    service_pages[i % len(service_pages)],
                ),
                {"type": "heading", "value": "Step by step", "id": _sid()},
                paragraph("Start small, measure, and improve every week. " * 30),
                {
                    "type": "quote",
                    "value": {"quote": "Simple beats clever.", "attribution": "The AngiSoft team"},
                    "id": _sid(),
                },
            ],
        )

    # --- snippets
    for i, (name, company, text) in enumerate(
        [
            ("Wanjiku M.", "Duka Ltd", "AngiSoft delivered our POS on time and trained our staff."),
            ("Peter K.", "Shule Academy", "Parents love the portal; fees follow-up is now easy."),
            ("Dr. Achieng", "Afya Clinic", "Bookings moved online in weeks, not months."),
            ("James O.", "", "My new CV got me three interviews in a fortnight."),
        ]
    ):
        Testimonial.objects.get_or_create(
            name=name,
            defaults={
                "company": company,
                "text": text,
                "role": "Client",
                "rating": 5,
                "status": Testimonial.Status.APPROVED,
                "confirmed": True,
                "featured": i < 3,
                "sort_order": i,
                "image": get_image(f"Client {name}", size=(400, 400), index=i),
            },
        )
    Testimonial.objects.get_or_create(
        name="Unverified visitor",
        defaults={"text": "Awaiting review.", "status": Testimonial.Status.PENDING},
    )
    for i, (question, answer, category) in enumerate(
        [
            (
                "How do I start a project?",
                "Book a free consultation from the booking page.",
                "General",
            ),
            (
                "Which payment methods do you accept?",
                "M-Pesa, card (Stripe) and PayPal.",
                "Payments",
            ),
            ("Do you require a deposit?", "Yes, a deposit confirms your booking.", "Payments"),
            ("Can you work with my existing system?", "Yes, we integrate and extend.", "General"),
            ("How fast is a CV rewrite?", "Usually within 48 hours.", "Documents"),
        ]
    ):
        Faq.objects.get_or_create(
            question=question, defaults={"answer": answer, "category": category, "sort_order": i}
        )
    for i, (label, value, suffix, vtype) in enumerate(
        [
            ("Projects delivered", "120", "+", "count"),
            ("Happy clients", "85", "+", "count"),
            ("Founded", "2019", "", "year"),
            ("On-time delivery", "97", "%", "percentage"),
        ]
    ):
        CompanyStat.objects.get_or_create(
            label=label,
            defaults={
                "value": value,
                "suffix": suffix,
                "value_type": vtype,
                "use_grouping": vtype == "count",
                "sort_order": i,
            },
        )

    # --- settings (cms.demo_settings: each group filled only while untouched)
    about_images = {
        "people": get_image("Angela Wanjiru", size=(600, 600), index=2).pk,
        "team": get_image("About the team", index=1).pk,
        "product": get_image("About our products", index=2).pk,
        "city": get_image("About Nairobi", index=4).pk,
        "logo": logo.pk,
    }
    fill_settings(
        logo=logo,
        hero_images=[hero_bg] + [get_image(f"Hero slide {n}", index=n) for n in range(1, 4)],
        industry_images=[
            get_image(f"Industry {name}", index=k) for k, name in enumerate(INDUSTRY_NAMES)
        ],
        about_images=about_images,
    )

    uploads = UploadsSettings.load()
    if not uploads.brand_collection:  # only fill an untouched group
        uploads.brand_collection = brand
        uploads.save()

    # The renditions the API will ask for, so the first visitor does not wait.
    brand_ids = set(brand.get_descendants(inclusive=True).values_list("id", flat=True))
    content_sizes = ("card", "wide", "avatar")
    brand_sizes = ("original", "logo", "icon")
    specs = [IMAGE_SIZES[size] for size in content_sizes + brand_sizes]
    # Brand assets are served as files; cms.demo_extra renders the few that pages use.
    images = get_image_model().objects.exclude(collection__name=demo_assets.COLLECTION_NAME)
    for image in images.prefetch_renditions(*specs):
        sizes = brand_sizes if image.collection_id in brand_ids else content_sizes
        for size in sizes:
            flt = Filter(IMAGE_SIZES[size])
            if not image.find_existing_renditions(flt):
                create_rendition(image, flt)
    # Role permissions that hang off pages (developers' blog drafts) need the blog index.
    sync_roles()
    say(demo_extra.load(home))
    say(
        f"Demo content ready: {ServicePage.objects.count()} services, "
        f"{ProjectPage.objects.count()} projects, {BlogPostPage.objects.count()} posts."
    )
