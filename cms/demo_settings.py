"""Demo site settings in the shapes of the frontend contract: every group the public pages
read is filled, so the real frontend shows no built-in copy. A group is filled only while
it is untouched (its marker field is empty), so editors' changes survive a reload. The
groups with drafts (hero, navigation, footer, pricing, booking) are published, with a
first revision, as an editor would."""

import uuid

from cms.demo_about import sections as about_sections
from cms.models import (
    AboutSettings,
    BookingSettings,
    BrandingSettings,
    ContactSettings,
    FooterSettings,
    HeroSettings,
    IndustriesSettings,
    NavigationSettings,
    PricingSettings,
    TechPlatformsSettings,
    UiCopySettings,
)
from cms.services import settings_group_publish

INDUSTRY_NAMES = ["Retail", "Education", "Healthcare", "Finance"]


def _sid():
    return str(uuid.uuid4())


def stream(kind, values):
    return [{"type": kind, "value": v, "id": _sid()} for v in values]


def navigation():
    nav = NavigationSettings.load()
    if nav.cta_label:
        return
    nav.mega_menus = stream(
        "menu",
        [
            {
                "label": "Services",
                "icon": "FaCogs",
                "items": [
                    {"label": label, "to": f"/services/{slug}", "icon": icon, "description": d}
                    for slug, label, icon, d in [
                        ("custom-software", "Custom software", "FaCode", "Systems that fit."),
                        ("web-development", "Web development", "FaLaptopCode", "Fast sites."),
                        ("mobile-apps", "Mobile apps", "FaMobileAlt", "Android and iOS."),
                        ("resume-writing", "CV writing", "FaFileAlt", "Get shortlisted."),
                    ]
                ],
            },
            {
                "label": "Industries",
                "icon": "FaBuilding",
                "items": [
                    {
                        "label": name,
                        "to": f"/industries/{name.lower()}",
                        "icon": icon,
                        "description": "",
                    }
                    for name, icon in zip(
                        INDUSTRY_NAMES,
                        ["FaStore", "FaGraduationCap", "FaHeartbeat", "FaUniversity"],
                        strict=True,
                    )
                ],
            },
        ],
    )
    nav.simple_links = stream(
        "link",
        [
            {"label": "Projects", "to": "/projects"},
            {"label": "Pricing", "to": "/pricing"},
            {"label": "Blog", "to": "/blog"},
            {"label": "About", "to": "/about"},
            {"label": "Contact", "to": "/contact"},
        ],
    )
    nav.cta_label, nav.cta_to = "Book a project", "/booking"
    settings_group_publish(nav)


def contact():
    obj = ContactSettings.load()
    if obj.email:
        return
    obj.email, obj.phone, obj.whatsapp = "hello@angisoft.co.ke", "+254 710 398 690", "+254710398690"
    obj.address, obj.city, obj.country = "Ngong Road, Kilimani", "Nairobi", "Kenya"
    obj.map_url = (
        "https://www.openstreetmap.org/export/embed.html"
        "?bbox=36.76,-1.31,36.80,-1.28&layer=mapnik&marker=-1.2995,36.7853"
    )
    obj.working_hours = "Mon-Fri 8:00-18:00, Sat 9:00-13:00"
    obj.social = stream(
        "link",
        [
            {"platform": "LinkedIn", "url": "https://www.linkedin.com/company/angisoft"},
            {"platform": "GitHub", "url": "https://github.com/angisoft"},
            {"platform": "X", "url": "https://x.com/angisoft"},
        ],
    )
    obj.save()


def footer():
    obj = FooterSettings.load()
    if obj.description:
        return
    obj.description = "Software, websites and documents from Nairobi, for everywhere."
    obj.columns = stream(
        "column",
        [
            {
                "title": "Services",
                "links": [
                    {"label": "Custom software", "href": "/services/custom-software"},
                    {"label": "Web development", "href": "/services/web-development"},
                    {"label": "Mobile apps", "href": "/services/mobile-apps"},
                    {"label": "Pricing", "href": "/pricing"},
                ],
            },
            {
                "title": "Industries",
                "links": [{"label": n, "href": f"/industries/{n.lower()}"} for n in INDUSTRY_NAMES],
            },
            {
                "title": "Company",
                "links": [
                    {"label": "About", "href": "/about"},
                    {"label": "Team", "href": "/staff"},
                    {"label": "Blog", "href": "/blog"},
                    {"label": "Privacy", "href": "/privacy"},
                    {"label": "Terms", "href": "/terms"},
                ],
            },
        ],
    )
    settings_group_publish(obj)


def branding(logo):
    obj = BrandingSettings.load()
    if obj.tagline:
        return
    obj.site_name, obj.tagline = "AngiSoft Technologies", "Software that works."
    obj.logo = obj.favicon = logo
    obj.save()


def hero(images):
    obj = HeroSettings.load()
    if obj.slides:
        return
    obj.eyebrow = "Nairobi software studio"
    obj.headline, obj.headline_highlight = "We build software that", "grows your business"
    obj.tagline = "Websites, apps and documents, delivered with care."
    obj.background_image = images[0]
    obj.cta_primary_label, obj.cta_primary_to = "Book a project", "/booking"
    obj.cta_secondary_label, obj.cta_secondary_to = "See our work", "/projects"
    slides = [
        (
            "Custom software",
            "that fits",
            "Systems shaped around how you work.",
            "/services/custom-software",
        ),
        (
            "Websites",
            "that sell",
            "Fast, accessible sites your customers enjoy.",
            "/services/web-development",
        ),
        (
            "Mobile apps",
            "people keep",
            "Android and iOS apps, M-Pesa ready.",
            "/services/mobile-apps",
        ),
        (
            "CVs and documents",
            "that open doors",
            "Writing and editing by professionals.",
            "/services/resume-writing",
        ),
    ]
    obj.slides = stream(
        "slide",
        [
            {
                "title": title,
                "highlight": highlight,
                "description": text,
                "badge": "AngiSoft",
                "image": image.pk,
                "video_url": "",
                "cta_label": "Learn more",
                "cta_url": to,
                "secondary_cta_label": "Book a project",
                "secondary_cta_url": "/booking",
            }
            for (title, highlight, text, to), image in zip(slides, images, strict=True)
        ],
    )
    settings_group_publish(obj)


def booking():
    obj = BookingSettings.load()
    if obj.hero_badge:
        return
    obj.hero_badge, obj.hero_title, obj.hero_highlight = (
        "Start a project",
        "Tell us what you",
        "need",
    )
    obj.project_types = stream(
        "type",
        [
            {"value": "SOFTWARE", "label": "Software project"},
            {"value": "RESUME", "label": "CV / resume"},
            {"value": "DOCUMENT_EDIT", "label": "Document editing"},
            {"value": "REPORT", "label": "Report writing"},
            {"value": "OTHER", "label": "Something else"},
        ],
    )
    obj.steps = stream(
        "step",
        [
            {"title": "Your details", "icon": "FaUser"},
            {"title": "Your project", "icon": "FaFileAlt"},
            {"title": "Files and deposit", "icon": "FaCloudUploadAlt"},
            {"title": "Review and send", "icon": "FaCreditCard"},
        ],
    )
    obj.payment_step_title, obj.payment_step_icon = "Deposit", "FaCreditCard"
    obj.success_title = "Request received"
    obj.success_message = "We will reply within one working day with next steps."
    settings_group_publish(obj)


def pricing():
    obj = PricingSettings.load()
    if obj.badge:
        return
    obj.badge, obj.title = "Pricing", "Clear prices, no surprises"
    obj.subtitle = "Every project starts with a free consultation and a fixed quote."
    obj.intro_title = "How our pricing works"
    obj.intro = "Prices below are starting points; your quote depends on scope and timeline."
    obj.currency = "KES"
    obj.estimated_ranges = stream(
        "range",
        [
            {
                "category": category,
                "starting_from": str(price),
                "currency": "KES",
                "description": text,
                "includes": includes,
            }
            for category, price, text, includes in [
                (
                    "Websites",
                    45000,
                    "Company sites and landing pages.",
                    ["Design", "Hosting setup"],
                ),
                ("Custom systems", 150000, "POS, ERP and portals.", ["Discovery", "Training"]),
                ("Mobile apps", 120000, "Android and iOS.", ["Store release", "Support"]),
                ("Documents", 1500, "CVs, reports and editing.", ["One revision"]),
            ]
        ],
    )
    obj.pricing_factors = stream(
        "factor",
        [
            {
                "title": "Scope",
                "description": "How many features and screens.",
                "examples": ["Pages", "User roles"],
            },
            {
                "title": "Integrations",
                "description": "Payments and other systems.",
                "examples": ["M-Pesa", "SMS"],
            },
            {
                "title": "Timeline",
                "description": "Rush work costs more.",
                "examples": ["Express delivery"],
            },
        ],
    )
    obj.engagement_models = stream(
        "model",
        [
            {"title": "Fixed price", "description": "An agreed scope for an agreed price."},
            {"title": "Monthly retainer", "description": "A team on call for ongoing work."},
            {"title": "Hourly", "description": "Small fixes and advice."},
        ],
    )
    obj.packages = stream(
        "package",
        [
            {
                "slug": "documents",
                "title": "Documents",
                "items": [
                    {
                        "slug": "cv-basic",
                        "service_slug": "resume-writing",
                        "name": "CV Basic",
                        "price_from": "2500",
                        "pricing_type": "fixed",
                        "currency": "KES",
                    },
                    {
                        "slug": "cv-premium",
                        "service_slug": "resume-writing",
                        "name": "CV and cover letter",
                        "price_from": "4500",
                        "pricing_type": "fixed",
                        "currency": "KES",
                    },
                ],
            },
            {
                "slug": "web",
                "title": "Websites",
                "items": [
                    {
                        "slug": "website-starter",
                        "service_slug": "web-development",
                        "name": "Website Starter",
                        "price_from": "45000",
                        "pricing_type": "starting_from",
                        "currency": "KES",
                    },
                ],
            },
        ],
    )
    obj.process = stream(
        "step",
        [
            {"step": 1, "title": "Consult", "description": "We listen and ask questions."},
            {"step": 2, "title": "Quote", "description": "You get a fixed price in writing."},
            {"step": 3, "title": "Build", "description": "Weekly demos as we go."},
            {"step": 4, "title": "Handover", "description": "Training and support after launch."},
        ],
    )
    obj.faq = stream(
        "faq",
        [
            {
                "question": "Are prices negotiable?",
                "answer": "Larger projects get a tailored quote.",
            },
            {"question": "Do you need a deposit?", "answer": "Yes, usually 40% to book your slot."},
        ],
    )
    obj.note = "Prices exclude VAT and third-party costs such as domains and app store fees."
    obj.cta_title, obj.cta_subtitle = "Ready to start?", "Get a free, fixed quote in a day."
    obj.cta_label, obj.cta_to = "Book a project", "/booking"
    obj.cta_secondary_label, obj.cta_secondary_to = "Talk to us", "/contact"
    settings_group_publish(obj)


def ui():
    obj = UiCopySettings.load()
    if obj.pages:
        return
    obj.pages = [
        {
            "type": "projects",
            "id": _sid(),
            "value": {
                "badge": "Portfolio",
                "title": "Work we are proud of",
                "subtitle": "Systems, sites and apps in daily use across Kenya.",
                "empty_message": "New projects are on their way. Check back soon.",
                "stats": {
                    "total_label": "Projects",
                    "categories_label": "Kinds of work",
                    "featured_label": "Featured",
                },
                "cta": {
                    "title": "Have a project in mind?",
                    "subtitle": "Tell us about it and get a fixed quote.",
                    "primary_label": "Book a project",
                    "primary_link": "/booking",
                    "secondary_label": "See pricing",
                    "secondary_link": "/pricing",
                },
            },
        },
        {
            "type": "testimonials",
            "id": _sid(),
            "value": {
                "badge": "Client stories",
                "title": "What our clients say",
                "subtitle": "Shops, schools, clinics and job seekers on working with us.",
                "stats": {
                    "clients_label": "Happy clients",
                    "rating_label": "Average rating",
                    "satisfaction_label": "Would recommend",
                },
            },
        },
    ]
    obj.save()


def industries(images):
    obj = IndustriesSettings.load()
    if obj.title:
        return
    obj.badge, obj.title, obj.title_highlight = "Industries", "Industries we serve", "serve"
    obj.subtitle = "Years of work in these sectors shorten every project."
    details = {
        "Retail": ("FaStore", ["Point of sale", "Stock control", "M-Pesa payments"]),
        "Education": ("FaGraduationCap", ["Parent portals", "Fees tracking", "Report cards"]),
        "Healthcare": ("FaHeartbeat", ["Online bookings", "Patient records", "SMS reminders"]),
        "Finance": ("FaCreditCard", ["SACCO ledgers", "Loan tracking", "Member reports"]),
    }
    obj.industries = stream(
        "industry",
        [
            {
                "slug": name.lower(),
                "name": name,
                "icon": details[name][0],
                "description": f"Software that {name.lower()} teams rely on every day.",
                "image": image.pk,
                "services": [],
                "capabilities": details[name][1],
            }
            for name, image in zip(INDUSTRY_NAMES, images, strict=True)
        ],
    )
    obj.save()


def tech_platforms():
    obj = TechPlatformsSettings.load()
    if obj.title:
        return
    obj.badge, obj.title = "Technology", "Technologies and platforms"
    obj.subtitle = "Proven tools, chosen for each project."
    groups = {
        "Backend": [
            ("Python", "FaPython", "#3776AB"),
            ("Django", "SiDjango", "#092E20"),
            ("PostgreSQL", "SiPostgresql", "#336791"),
        ],
        "Frontend": [
            ("React", "FaReact", "#61DAFB"),
            ("TypeScript", "SiTypescript", "#3178C6"),
            ("Tailwind CSS", "SiTailwindcss", "#06B6D4"),
        ],
        "Mobile": [
            ("Flutter", "SiFlutter", "#02569B"),
            ("Kotlin", "SiKotlin", "#7F52FF"),
            ("Android", "FaAndroid", "#3DDC84"),
        ],
        "Cloud and DevOps": [
            ("Docker", "FaDocker", "#2496ED"),
            ("AWS", "FaAws", "#FF9900"),
            ("Redis", "SiRedis", "#DC382D"),
        ],
    }
    obj.groups = stream(
        "group",
        [
            {"name": name, "items": [{"name": n, "icon": i, "color": c} for n, i, c in items]}
            for name, items in groups.items()
        ],
    )
    obj.save()


def about(images):
    obj = AboutSettings.load()
    if obj.sections:
        return
    obj.sections = about_sections(images)
    obj.save()


def fill_settings(*, logo, hero_images, industry_images, about_images):
    navigation()
    contact()
    footer()
    branding(logo)
    hero(hero_images)
    booking()
    pricing()
    ui()
    industries(industry_images)
    tech_platforms()
    about(about_images)
