"""The names the frontend reads, pinned: every schema component's property names, every
operation's parameter names. Serializers speak Python names and the camel-case renderer,
parsers and schema hook put camelCase at the edges; a rename or a casing slip shows here.

After a deliberate API change: UPDATE_API_NAMES=1 pytest tests/platform/test_api_names.py
"""

import json
import os
import re
from pathlib import Path

from drf_spectacular.generators import SchemaGenerator

SNAPSHOT = Path(__file__).with_name("api_names.json")
# Not camelCase on purpose: M-Pesa's own callback answer, and the preview query
# parameter Wagtail's headless preview sends.
NOT_CAMEL = {"ResultCode", "ResultDesc", "content_type"}


def api_names() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = {
        name: {
            "properties": sorted(component.get("properties", {})),
            "required": sorted(component.get("required", [])),
        }
        for name, component in sorted(schema["components"]["schemas"].items())
        if component.get("type") == "object"
    }
    operations = {
        f"{method.upper()} {path}": sorted(
            f"{p['in']}:{p['name']}" for p in operation.get("parameters", [])
        )
        for path, methods in sorted(schema["paths"].items())
        for method, operation in methods.items()
    }
    return {"components": components, "operations": operations}


def test_schema_names_match_the_snapshot():
    names = api_names()
    if os.environ.get("UPDATE_API_NAMES"):
        SNAPSHOT.write_text(json.dumps(names, indent=1, sort_keys=True) + "\n")
    assert names == json.loads(SNAPSHOT.read_text())


def test_every_name_is_camel_case():
    names = api_names()
    found = {n for c in names["components"].values() for n in c["properties"]}
    # Path parameters are positions in the URL, not names the frontend sends.
    found |= {
        p.split(":", 1)[1]
        for params in names["operations"].values()
        for p in params
        if not p.startswith("path:")
    }
    slips = {n for n in found - NOT_CAMEL if not re.fullmatch(r"[a-z][a-zA-Z0-9]*", n)}
    assert not slips
