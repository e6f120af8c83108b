from cms.models.assets import BrandAsset
from cms.models.careers import CareersContentSettings, JobPosting
from cms.models.pages import (
    BlogIndexPage,
    BlogPostPage,
    BlogPostTag,
    HeadlessPage,
    HomePage,
    ProjectIndexPage,
    ProjectPage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
)
from cms.models.people import StaffProfile
from cms.models.products import ProductIndexPage, ProductPage
from cms.models.settings import (
    SITE_GROUPS,
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
    UploadsSettings,
)
from cms.models.snippets import BlogCategory, CompanyStat, Faq, ServiceCategory, Testimonial
from cms.models.solutions import HomeContentSettings
from cms.models.webhooks import WebhookDelivery, WebhookEndpoint

__all__ = [
    "SITE_GROUPS",
    "AboutSettings",
    "BlogCategory",
    "BlogIndexPage",
    "BlogPostPage",
    "BlogPostTag",
    "BookingSettings",
    "BrandAsset",
    "BrandingSettings",
    "CareersContentSettings",
    "CompanyStat",
    "ContactSettings",
    "Faq",
    "FooterSettings",
    "HeadlessPage",
    "HeroSettings",
    "HomeContentSettings",
    "HomePage",
    "IndustriesSettings",
    "JobPosting",
    "NavigationSettings",
    "PricingSettings",
    "ProductIndexPage",
    "ProductPage",
    "ProjectIndexPage",
    "ProjectPage",
    "ServiceCategory",
    "ServiceIndexPage",
    "ServicePage",
    "StaffProfile",
    "StandardPage",
    "TechPlatformsSettings",
    "Testimonial",
    "UiCopySettings",
    "UploadsSettings",
    "WebhookDelivery",
    "WebhookEndpoint",
]
