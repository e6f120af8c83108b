#!/usr/bin/env bash
# Dependency audit: pip-audit over the exact versions locked in uv.lock (or over the
# requirements file given as $1).
#   exit 0  no known vulnerabilities
#   exit 1  known vulnerabilities (listed), the build must fail
#   exit 0  with a NOTICE when the vulnerability service cannot be reached (no network);
#           set AUDIT_STRICT=1 to make that exit 3 instead.
set -uo pipefail
cd "$(dirname "$0")/.."

req="${1:-}"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
if [ -z "$req" ]; then
  req="$workdir/requirements.txt"
  .venv/bin/uv export --frozen --no-emit-project --no-header --quiet -o "$req"
fi
if grep -q -- "--hash=" "$req"; then mode=(--require-hashes); else mode=(--no-deps); fi

"${PIP_AUDIT:-.venv/bin/pip-audit}" -r "$req" "${mode[@]}" --disable-pip --progress-spinner off \
  -f json -o "$workdir/audit.json" 2>"$workdir/stderr"
rc=$?

if [ ! -s "$workdir/audit.json" ]; then
  echo "NOTICE: pip-audit could not reach its vulnerability service; the audit did NOT run."
  tail -n 3 "$workdir/stderr" | sed 's/^/  /'
  if [ "${AUDIT_STRICT:-0}" = "1" ]; then exit 3; fi
  exit 0
fi
# pip-audit exits 0 when it could not look a package up (skip_reason): count those apart,
# so "no vulnerabilities" is only claimed for packages that were really checked.
python3 - "$workdir/audit.json" "$rc" <<'PY'
import json, os, sys

report = json.load(open(sys.argv[1]))
deps = report["dependencies"]
vulnerable = [d for d in deps if d.get("vulns")]
skipped = [d for d in deps if d.get("skip_reason")]
checked = len(deps) - len(skipped)
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"  VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixed})")
if vulnerable:
    print(f"pip-audit: {len(vulnerable)} vulnerable package(s) out of {checked} checked")
    sys.exit(1)
if sys.argv[2] != "0":
    print(f"pip-audit failed (exit {sys.argv[2]}) without a vulnerability report")
    sys.exit(1)
if skipped and not checked:
    print(
        f"NOTICE: pip-audit could not look up any of {len(skipped)} packages "
        f"({skipped[0]['skip_reason']}): the vulnerability service is unreachable from "
        "here, so the audit did NOT run."
    )
    sys.exit(3 if os.environ.get("AUDIT_STRICT") == "1" else 0)
if skipped:
    print(f"NOTICE: {len(skipped)} package(s) could not be looked up:")
    for dep in skipped:
        print(f"  {dep['skip_reason']}")
print(f"pip-audit: no known vulnerabilities in {checked} checked packages")
PY
