"""Demo careers, products, solution pages and brand assets (called by cms.demo.load).
Idempotent: existing rows and pages, edited or not, are kept."""

import datetime
import uuid

from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from cms.demo_assets import asset_image, load_brand_assets
from cms.images import IMAGE_SIZES
from cms.models import (
    CareersContentSettings,
    HomeContentSettings,
    HomePage,
    JobPosting,
    ProductIndexPage,
    ProductPage,
    ServicePage,
    StaffProfile,
)
from cms.richtext import create_rendition


def _sid():
    return str(uuid.uuid4())


def _items(values, kind="item"):
    return [{"type": kind, "value": value, "id": _sid()} for value in values]


JOBS = [
    {
        "slug": "backend-engineer-django",
        "title": "Backend Engineer (Python/Django)",
        "department": "Engineering",
        "location": "Nairobi, Kenya",
        "employment_type": "FULL_TIME",
        "workplace_type": "HYBRID",
        "experience_level": "Mid-level (3+ years)",
        "summary": "Build the APIs, payments and booking flows behind our client systems.",
        "description": "You will design and ship Django services for POS, property and "
        "fuel-station products used every day across Kenya, with a small team that "
        "reviews every change and owns what it ships.",
        "responsibilities": [
            "Design, build and test REST APIs in Django and DRF",
            "Integrate M-Pesa, card and bank payments safely",
            "Review code and mentor junior engineers",
        ],
        "requirements": [
            "3+ years of Python in production",
            "Solid PostgreSQL and SQL skills",
            "Experience with automated tests and CI",
        ],
        "preferred_qualifications": ["Wagtail or another CMS", "Redis and task queues"],
        "technologies": ["Python", "Django", "PostgreSQL", "Redis", "Docker"],
        "salary_min": 150000,
        "salary_max": 250000,
        "openings": 2,
        "featured": True,
    },
    {
        "slug": "frontend-engineer-react",
        "title": "Frontend Engineer (React)",
        "department": "Engineering",
        "location": "Remote (Kenya)",
        "employment_type": "FULL_TIME",
        "workplace_type": "REMOTE",
        "experience_level": "Mid-level",
        "summary": "Craft fast, accessible React interfaces for our web platforms.",
        "description": "Own features from design to release on our company site, client "
        "portals and dashboards, working closely with design and backend.",
        "responsibilities": [
            "Build reusable React components",
            "Keep pages fast and accessible",
            "Work with designers on new features",
        ],
        "requirements": ["2+ years of React", "Modern CSS", "Git and code review"],
        "technologies": ["React", "JavaScript", "Vite", "CSS"],
        "salary_min": 120000,
        "salary_max": 200000,
        "openings": 1,
    },
    {
        "slug": "ui-ux-designer",
        "title": "UI/UX Designer",
        "department": "Design",
        "location": "Nairobi, Kenya",
        "employment_type": "CONTRACT",
        "workplace_type": "ON_SITE",
        "experience_level": "Junior to mid-level",
        "summary": "Design clear, friendly screens for POS, mobile and web products.",
        "description": "Turn client needs into flows, wireframes and polished designs, and "
        "test them with real users in shops, offices and schools.",
        "responsibilities": ["Run short user interviews", "Design flows and prototypes"],
        "requirements": ["A portfolio of shipped designs", "Figma"],
        "technologies": ["Figma", "Illustrator"],
        "salary_visible": False,
        "openings": 1,
    },
    {
        "slug": "software-engineering-intern",
        "title": "Software Engineering Intern",
        "department": "Engineering",
        "location": "Nairobi, Kenya",
        "employment_type": "INTERNSHIP",
        "workplace_type": "ON_SITE",
        "experience_level": "Entry level",
        "summary": "Three months of real projects with mentoring from senior engineers.",
        "description": "Pair with our engineers on client work, learn our testing and review "
        "habits, and ship a feature of your own.",
        "responsibilities": ["Fix bugs and write tests", "Ship one feature end to end"],
        "requirements": ["A computer science or related course", "Curiosity"],
        "technologies": ["Python", "JavaScript", "Git"],
        "salary_min": 25000,
        "openings": 3,
    },
]

CULTURE = [
    (
        "practical-innovation",
        "Practical innovation",
        "We choose tools that solve the client's problem, not the newest ones.",
    ),
    (
        "shared-responsibility",
        "Shared responsibility",
        "Everyone reviews, tests and supports what we ship together.",
    ),
    (
        "continuous-growth",
        "Continuous growth",
        "Weekly learning time, mentoring and a training budget for every engineer.",
    ),
    (
        "meaningful-impact",
        "Meaningful impact",
        "Our systems run shops, schools and fuel stations that people depend on.",
    ),
]
BENEFITS = [
    ("flexibility", "Flexible hours", "Hybrid and remote roles with core hours, not clocks."),
    ("learning", "Learning budget", "Courses, books and conference tickets paid for."),
    ("compensation", "Fair pay", "Competitive salaries reviewed every year."),
    ("health", "Health cover", "Medical cover for you from your first month."),
    ("ownership", "Real ownership", "Own features and products from idea to release."),
    ("innovation", "Time to build", "Hack days to try ideas for our own products."),
]

PRODUCTS = [
    {
        "slug": "petroflow",
        "title": "PetroFlow",
        "tagline": "Fuel station management, pump to payment.",
        "description": "PetroFlow tracks fuel levels, deliveries, pump readings and sales "
        "across every tank and station in real time, reconciles stock automatically and "
        "flags variances before they become losses.",
        "status": "LIVE",
        "features": [
            "Real-time tank and pump monitoring",
            "Automated stock reconciliation",
            "Shift and attendant reports",
            "M-Pesa and card payments",
        ],
        "price": 15000,
        "pricing_type": "subscription",
        "price_label": "From KES 15,000 / station / month",
        "logo": "Logos/petroflow-logo.png",
        "banner": "services/enterprise.jpg",
        "screenshots": ["trends/data-reporting.jpg", "services/data-analysis.jpg"],
    },
    {
        "slug": "duka-flow",
        "title": "DukaFlow",
        "tagline": "Point of sale and stock for growing shops.",
        "description": "DukaFlow is a fast point-of-sale system with barcode scanning, "
        "offline sales, stock alerts and customer loyalty, built for Kenyan retail.",
        "status": "LIVE",
        "features": [
            "Offline-first checkout",
            "Barcode scanning and receipts",
            "Low-stock alerts",
            "Loyalty points",
        ],
        "price": 2500,
        "pricing_type": "subscription",
        "price_label": "",
        "logo": "Logos/duka-flow-logo.png",
        "banner": "services/retail-bg.jpg",
        "screenshots": ["services/software-development.jpg", "trends/workflow-automation.jpg"],
    },
    {
        "slug": "keja-link",
        "title": "KejaLink",
        "tagline": "Find, list and manage rental homes.",
        "description": "KejaLink connects tenants and landlords: rich listings with photos, "
        "search by area and budget, tenant screening and rent tracking.",
        "status": "BETA",
        "features": ["Search by location and price", "Landlord dashboard", "Rent reminders"],
        "price": None,
        "pricing_type": "custom_quote",
        "price_label": "Free for tenants",
        "logo": "Logos/keja-link-logo.png",
        "banner": "about/industries/real-estate.jpg",
        "screenshots": ["services/web-mobile.jpg"],
    },
    {
        "slug": "angitunes",
        "title": "AngiTunes",
        "tagline": "Music streaming and distribution for African artists.",
        "description": "AngiTunes lets artists upload once and reach listeners everywhere, "
        "with artist profiles, offline listening and clear royalty reports.",
        "status": "DEVELOPMENT",
        "features": ["Offline listening", "Artist profiles", "Royalty reports"],
        "price": 199,
        "pricing_type": "subscription",
        "price_label": "",
        "logo": "Logos/angitunes-logo.png",
        "banner": "about/industries/creative-industry.jpg",
        "screenshots": ["services/creative-products.jpg"],
    },
]

SOLUTIONS = [
    (
        "pos-systems",
        "POS Systems",
        "Point of Sale Built for Busy Counters",
        "Checkout systems for shops, restaurants and salons that keep selling when the "
        "internet drops, print receipts and sync stock and sales to the cloud.",
        ["Offline sales", "Receipt printing", "M-Pesa payments", "Stock sync", "Daily reports"],
    ),
    (
        "management-systems",
        "Management Systems",
        "Run Your Operations in One Place",
        "HR, inventory, CRM and procurement systems shaped around how your team already "
        "works, with approvals, audit trails and reports.",
        ["HR and payroll", "Inventory control", "CRM pipeline", "Approvals", "Audit trail"],
    ),
    (
        "mobile-apps",
        "Mobile Apps",
        "Mobile Apps Your Customers Keep",
        "Android and iOS apps built with Flutter or Kotlin, with offline data, push "
        "notifications and payments.",
        ["Android and iOS", "Offline mode", "Push notifications", "In-app payments"],
    ),
    (
        "data-dashboards",
        "Data Dashboards",
        "Decisions From Live Data",
        "Dashboards that pull sales, stock and finance data together so managers see the "
        "numbers that matter every morning.",
        ["Live KPIs", "Scheduled reports", "Excel and PDF export", "Role-based access"],
    ),
    (
        "web-platforms",
        "Web Platforms",
        "Web Platforms That Scale",
        "Company sites, portals and marketplaces that load fast, rank well and are easy "
        "for your team to update.",
        ["Content management", "Client portals", "SEO", "Secure hosting"],
    ),
    (
        "ai-chatbots",
        "AI Chatbots",
        "Chatbots That Answer for You",
        "Website and WhatsApp assistants that answer common questions from your own "
        "content and hand over to a person when needed.",
        ["Answers from your FAQs", "WhatsApp channel", "Human hand-off", "Lead capture"],
    ),
]


def _jobs():
    for fields in JOBS:
        if JobPosting.objects.filter(slug=fields["slug"]).exists():
            continue
        fields = dict(fields)
        for name in ("responsibilities", "requirements", "preferred_qualifications"):
            fields[name] = _items(fields.get(name, []))
        fields["technologies"] = _items(fields["technologies"])
        fields["deadline"] = timezone.localdate() + datetime.timedelta(days=60)
        posting = JobPosting(**fields, live=False)
        posting.save()
        posting.save_revision().publish()


def _careers_content():
    content = CareersContentSettings.load()
    if content.culture_values or content.benefits:
        return  # only fill an untouched group
    content.culture_values = [
        {
            "type": "value",
            "id": _sid(),
            "value": {"key": key, "number": f"{i:02d}", "title": title, "description": text},
        }
        for i, (key, title, text) in enumerate(CULTURE, start=1)
    ]
    content.benefits = [
        {
            "type": "benefit",
            "id": _sid(),
            "value": {"key": key, "title": title, "description": text},
        }
        for key, title, text in BENEFITS
    ]
    content.save()


def _solutions():
    content = HomeContentSettings.load()
    if content.solutions:
        return
    content.solutions = [
        {
            "type": "solution",
            "id": _sid(),
            "value": {
                "slug": slug,
                "name": name,
                "headline": headline,
                "description": description,
                "features": _items(features),
            },
        }
        for slug, name, headline, description, features in SOLUTIONS
    ]
    content.save()


def _products(home):
    index = ProductIndexPage.objects.child_of(home).first()
    if index is None:
        index = ProductIndexPage(title="Products", slug="products", intro="Our own products.")
        home.add_child(instance=index)
        index.save_revision().publish()
    team = list(StaffProfile.objects.filter(is_public=True).order_by("sort_order")[:2])
    services = list(ServicePage.objects.live().order_by("path").values_list("id", flat=True)[:2])
    created = []
    for order, spec in enumerate(PRODUCTS):
        if ProductPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ProductPage(
            title=spec["title"],
            slug=spec["slug"],
            tagline=spec["tagline"],
            description=spec["description"],
            status=spec["status"],
            features=_items(spec["features"]),
            faqs=_items(
                [
                    {
                        "question": f"Can {spec['title']} work with M-Pesa?",
                        "answer": "Yes: payments are confirmed automatically.",
                    },
                    {
                        "question": "Do you offer training?",
                        "answer": "Every plan includes on-site or online training for staff.",
                    },
                ],
                kind="faq",
            ),
            price_amount=spec["price"],
            pricing_type=spec["pricing_type"],
            price_label=spec["price_label"],
            logo=asset_image(spec["logo"]),
            banner=asset_image(spec["banner"]),
            screenshots=[
                {"type": "image", "value": asset_image(path).pk, "id": _sid()}
                for path in spec["screenshots"]
            ],
            related_services=_items(services, kind="service"),
            sort_order=order,
            featured=order == 0,
        )
        index.add_child(instance=page)
        page.team.set(team)
        page.save_revision().publish()
        created.append(ProductPage.objects.get(pk=page.pk))
    ids = {page.slug: page.pk for page in ProductPage.objects.all()}
    for page in created:  # link each new product to the next one
        others = [pk for slug, pk in ids.items() if slug != page.slug][:2]
        page.related_products = _items(others, kind="product")
        page.save_revision().publish()


def _renditions():
    """The product images' API sizes, so the first visitor does not wait for them."""
    ids = set()
    for page in ProductPage.objects.all():
        ids.update(filter(None, [page.logo_id, page.banner_id]))
        ids.update(item["value"] for item in page.screenshots.raw_data)
    for image in get_image_model().objects.filter(id__in=ids):
        for size in ("logo", "wide", "card"):
            flt = Filter(IMAGE_SIZES[size])
            if not image.find_existing_renditions(flt):
                create_rendition(image, flt)


def load(home: HomePage) -> str:
    created = load_brand_assets()
    _jobs()
    _careers_content()
    _solutions()
    _products(home)
    _renditions()
    return (
        f"{created} brand assets drawn, {JobPosting.objects.filter(live=True).count()} job "
        f"postings, {ProductPage.objects.live().count()} products."
    )
