"""The apps stack in layers, and no module imports an app above its own: the platform
(core) imports no app, bookings no cms, payments no invoicing. Apps above reach down
through hooks (bookings.hooks, payments.hooks, Wagtail hooks) instead."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {
    "core": 0,
    "accounts": 1,
    "bookings": 2,
    "cms": 3,
    "payments": 4,
    "portal": 4,
    "enquiries": 4,
    "invoicing": 5,
    "legacy": 6,
}


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_no_module_imports_an_app_above_its_own():
    upward = []
    for app, level in LAYERS.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, module in _imported_modules(ast.parse(path.read_text())):
                top = module.split(".")[0]
                if LAYERS.get(top, -1) > level:
                    upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == []


def test_mail_does_not_import_alerts():
    """Alerts send their email through core.mail, so mail reaches alerts only through the
    failure handler core.apps sets: an import would close a circle."""
    tree = ast.parse((ROOT / "core" / "mail.py").read_text())
    names = [module for _, module in _imported_modules(tree)]
    names += [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    ]
    assert [name for name in names if name.startswith("core.alerts")] == []
