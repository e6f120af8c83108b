"""The admin's menus: site content settings in their own menu, Wagtail's Settings keeps
only platform set-up, and no menu repeats another."""

import json
import re

import pytest

from tests.cms.factories import ensure_wagtail_roots

pytestmark = pytest.mark.django_db


def _unpack(node, refs):
    """Undo telepath's packing of repeated values ({"_val", "_id"} then {"_ref"})."""
    if isinstance(node, dict):
        if "_ref" in node:
            return refs[node["_ref"]]
        if "_val" in node:
            value = _unpack(node["_val"], refs)
            refs[node.get("_id")] = value
            return value
        unpacked = {key: _unpack(value, refs) for key, value in node.items()}
        if "_id" in node:
            refs[node["_id"]] = unpacked
        return unpacked
    if isinstance(node, list):
        return [_unpack(value, refs) for value in node]
    return node


def _menu(node):
    """{name: (label, {child name: label})} from the sidebar's telepath-packed props."""
    found = {}
    if isinstance(node, dict):
        if str(node.get("_type", "")).endswith("MenuItem") and node.get("_args"):
            args = node["_args"]
            children = {}
            if len(args) > 1 and isinstance(args[1], list):
                for child in args[1]:
                    children.update({k: v[0] for k, v in _menu(child).items()})
            found[args[0]["name"]] = (args[0]["label"], children)
            return found
        for value in node.values():
            found.update(_menu(value))
    elif isinstance(node, list):
        for value in node:
            found.update(_menu(value))
    return found


@pytest.fixture
def menu(client, admin_user):
    ensure_wagtail_roots()  # the Pages menu needs the root page a flush may have removed
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert props, "sidebar props not found"
    return _menu(_unpack(json.loads(props.group(1)), {}))


def test_site_settings_have_their_own_menu(menu):
    label, items = menu["site-settings"]
    assert label == "Site settings"
    labels = set(items.values())
    assert {"Branding", "Navigation", "Footer"} <= {x.split(" ")[0] for x in labels} | labels
    assert "Workflows" not in labels and "Users" not in labels


def test_wagtail_settings_keep_only_platform_setup(menu):
    _, items = menu["settings"]
    labels = set(items.values())
    assert {"Users", "Sites", "Workflows"} <= labels
    site_labels = set(menu["site-settings"][1].values())
    assert not labels & site_labels


def test_no_duplicate_snippets_menu(menu):
    assert "snippets" not in menu
    _, content = menu["content"]
    assert "Testimonials" in content.values() or any("estimonial" in x for x in content.values())
