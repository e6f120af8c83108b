"""One admin menu for the site's content settings, apart from Wagtail's own Settings
(Workflows, Users, Groups, Sites, Redirects...), and no second "Snippets" menu that
repeats the snippets already grouped under Content and Webhooks."""

from functools import partial

from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.contrib.settings.registry import SettingMenuItem, registry

# Apps whose settings are site content (what the React site shows), not platform set-up.
CONTENT_SETTINGS_APPS = {"cms"}
# Wagtail's own snippets menu: every snippet is already in a group of ours.
HIDDEN_MAIN_MENU_ITEMS = {"snippets"}


def _is_content_setting(item) -> bool:
    return isinstance(item, SettingMenuItem) and item.model._meta.app_label in CONTENT_SETTINGS_APPS


def _content_setting_items() -> list[MenuItem]:
    """Wagtail settings (live on Save) and publishable settings (cms.admin_settings) in one
    alphabetical list: editors look for "Hero", not for how it is stored."""
    from cms.admin_settings import VIEWSETS, PublishedSettingMenuItem

    makers = [
        (
            model._meta.verbose_name,
            partial(SettingMenuItem, model, icon=registry._model_icons.get(model, "cog")),
        )
        for model in registry
        if model._meta.app_label in CONTENT_SETTINGS_APPS
    ]
    makers += [
        (viewset.model._meta.verbose_name, partial(PublishedSettingMenuItem, viewset))
        for viewset in VIEWSETS
    ]
    makers.sort(key=lambda pair: str(pair[0]).lower())
    # The menu renders by `order`.
    return [make(order=order) for order, (_, make) in enumerate(makers)]


def site_settings_menu_item():
    return SubmenuMenuItem(
        "Site settings",
        Menu(items=_content_setting_items()),
        name="site-settings",
        icon_name="site",
        order=240,
    )


def drop_content_settings(menu_items):
    menu_items[:] = [item for item in menu_items if not _is_content_setting(item)]


def drop_duplicate_menus(menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_MAIN_MENU_ITEMS]
