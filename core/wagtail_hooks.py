"""The admin's own face: the dashboard's "needs attention" panels (core.dashboard) and
the brand's logo sizing (the name and logo themselves come from the CMS branding settings
through templates/wagtailadmin/*.html)."""

from django.utils.html import format_html
from wagtail import hooks

from core import admin_menus
from core.dashboard import attention_panels


@hooks.register("construct_homepage_panels")
def add_attention_panels(request, panels):
    panels[:0] = attention_panels(request)


@hooks.register("insert_global_admin_css")
def brand_logo_css():
    return format_html(
        "<style>{}</style>",
        ".angisoft-admin-logo{max-width:100%;max-height:3.5rem;object-fit:contain;}"
        ".login-logo img{max-height:6rem;}",
    )


@hooks.register("register_admin_menu_item")
def register_site_settings_menu():
    return admin_menus.site_settings_menu_item()


@hooks.register("construct_settings_menu")
def keep_wagtail_settings_apart(request, menu_items):
    admin_menus.drop_content_settings(menu_items)


@hooks.register("construct_main_menu")
def hide_duplicate_menus(request, menu_items):
    admin_menus.drop_duplicate_menus(menu_items)
