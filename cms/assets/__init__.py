"""Brand assets: the image files the React frontend loads from hard-coded paths under
/uploads/public/images/ (FRONTEND.md §11), each served from a Wagtail image or document
that editors choose in the Brand assets snippet."""

import re

# Every path the frontend can request, relative to /uploads/public/images/ (87 files).
FRONTEND_ASSET_PATHS: tuple[str, ...] = (
    "Logos/AngiSoft_Dark_Background_Logo-removebg.svg",
    "Logos/AngiSoft-Logo-Symbol-Only.png",
    "Logos/petroflow-logo.png",
    "Logos/duka-flow-logo.png",
    "Logos/keja-link-logo.png",
    "Logos/angitunes-logo.png",
    "Logos/AngiSoft_Dark_Background_Logo-removebg.png",
    "Logos/logo-symbol.svg",
    "Logos/petroflow-mobile-icon.png",
    "Logos/duka-flow-mobile-icon.png",
    "Logos/kejalink-mobile-icon.png",
    "Logos/angitunes-mobile-icon.png",
    "Branding/AngiSoft-T-Shirts-Design.png",
    "Branding/AngiSoft-Hoodie-Design.png",
    "Branding/AngiSoft-Muggs-and-cups-Design.png",
    "Branding/AngiSoft-NoteBooks-Design.png",
    "Branding/AngiSoft-Car-Branding.png",
    "Branding/AngiSoft-Capes-Design.png",
    "Branding/AngiSoft-Pens-Design.png",
    "Branding/AngiSoft-Stickers-Design.png",
    "Branding/AngiSoft-Envelop-Design.png",
    "Business-Cards/AngiSoft-Business-Card-Front-View.png",
    "Software-Development-Company.jpg",
    "developer-8829735_1280.jpg",
    "programming-background-with-person-working-with-codes-computer.jpg",
    "project-placeholder.png",
    "Wallpapers/AngiSoft-Desktop-Wallpaper.png",
    "services/software-development.jpg",
    "services/data-analysis.jpg",
    "services/documents-cyber.jpg",
    "services/creative-products.jpg",
    "services/enterprise.jpg",
    "services/web-mobile.jpg",
    "services/industry.jpg",
    "services/it-consulting.jpg",
    "services/retail-bg.jpg",
    "services/finance-bg.jpg",
    "services/education-bg.jpg",
    "trends/ai-assisted-engineering.jpg",
    "trends/cloud-deployment.jpg",
    "trends/data-reporting.jpg",
    "trends/workflow-automation.jpg",
    "trends/secure-software-practices.jpg",
    "about/hero/prof-angera-founder.jpg",
    "about/hero/prof-angera-founder-mobile.jpg",
    "about/hero/angisoft-team.jpg",
    "about/hero/angisoft-team-mobile.jpg",
    "about/hero/angisoft-product-work.jpg",
    "about/hero/angisoft-product-work-mobile.jpg",
    "about/numbers/founded-2024.jpg",
    "about/numbers/projects.jpg",
    "about/numbers/product-ecosystems.jpg",
    "about/numbers/digital-empowerment.jpg",
    "about/geography/world-map-dots-light.svg",
    "about/sustainability/digital-empowerment.jpg",
    "about/collaboration/communication-ownership.svg",
    "about/collaboration/flexible-delivery.svg",
    "about/collaboration/seamless-integration.svg",
    "about/highlights/grassroots-origin.jpg",
    "about/highlights/founding-2024.jpg",
    "about/highlights/systems-growth-2025.jpg",
    "about/highlights/ecosystems-2026.jpg",
    "about/industries/retail.jpg",
    "about/industries/education.jpg",
    "about/industries/real-estate.jpg",
    "about/industries/oil-gas.jpg",
    "about/industries/hospitality.jpg",
    "about/industries/transport.jpg",
    "about/industries/professional-services.jpg",
    "about/industries/creative-industry.jpg",
    "about/clients/kingsway.svg",
    "about/service-map/custom-systems.webp",
    "about/service-map/web-development.webp",
    "about/service-map/mobile-development.webp",
    "about/service-map/database-design.webp",
    "about/service-map/data-analysis.webp",
    "about/service-map/code-debugging.webp",
    "about/service-map/system-upgrades.webp",
    "about/service-map/software-installation.webp",
    "about/service-map/document-editing.webp",
    "about/service-map/online-applications.webp",
    "about/service-map/posters-graphics.webp",
    "about/service-map/in-house-products.webp",
    "about/transparency/video-cover.jpg",
    "about/leadership/prof-angera-pricing.jpg",
    "about/final-cta/build-with-angisoft.webp",
    "about/final-cta/build-with-angisoft-mobile.webp",
)

URL_PREFIX = "/uploads/public/images/"

# Extension -> (MIME type, Pillow/Wagtail format name); raster formats come from images,
# SVG from documents (Wagtail images refuse SVG unless enabled site-wide).
FORMATS = {
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "png": ("image/png", "png"),
    "webp": ("image/webp", "webp"),
    "svg": ("image/svg+xml", "svg"),
}

# Folders and names of letters, digits, dot, dash and underscore; no "..", no empty parts.
PATH_RE = re.compile(
    r"^(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp|svg)$"
)


def extension(path: str) -> str:
    return path.rsplit(".", 1)[-1].lower()


def is_svg(path: str) -> bool:
    return extension(path) == "svg"


def public_url(path: str) -> str:
    from django.conf import settings

    return settings.BACKEND_URL + URL_PREFIX + path
