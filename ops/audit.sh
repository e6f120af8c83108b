#!/usr/bin/env bash
# Dependency audit: pip-audit over the exact versions locked in uv.lock (or over the
# requirements file given as $1), checked against the OSV database (api.osv.dev; set
# PIP_AUDIT_OSV_URL, which pip-audit reads itself, to use an internal OSV mirror).
#   exit 0  no known vulnerabilities
#   exit 1  known vulnerabilities (listed), the build must fail; also when pip-audit
#           itself fails for any other reason (bad requirements file, bad answer...)
#   exit 0  with a NOTICE when the vulnerability service cannot be reached (no network,
#           connection refused, timeout, HTTP error); set AUDIT_STRICT=1 to make that
#           exit 3 instead. An unreachable service is never reported as clean.
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

# A fresh cache per run: an audit must never answer from an earlier run's responses.
"${PIP_AUDIT:-.venv/bin/pip-audit}" -r "$req" "${mode[@]}" --disable-pip --progress-spinner off \
  --vulnerability-service osv --cache-dir "$workdir/cache" \
  -f json -o "$workdir/audit.json" 2>"$workdir/stderr"
rc=$?

if [ ! -s "$workdir/audit.json" ]; then
  # With OSV, pip-audit writes no report at all when a query fails: it dies with a
  # traceback (connection refused, DNS, timeout, an HTTP error status -> ServiceError) or
  # a "Could not connect" error. Only those mean "unreachable"; anything else (a bad
  # requirements file, an answer that is not OSV JSON, a crash) fails the audit.
  unreachable='requests\.exceptions\.(HTTPError|ConnectionError|ConnectTimeout|ReadTimeout|Timeout|ProxyError|SSLError)'
  unreachable+='|pip_audit\._service\.interface\.(ServiceError|ConnectionError)'
  unreachable+='|Could not connect to|your network may be blocking'
  if [ "$rc" != "0" ] && grep -Eq "$unreachable" "$workdir/stderr"; then
    echo "NOTICE: pip-audit could not reach its vulnerability service; the audit did NOT run."
    grep -E "$unreachable" "$workdir/stderr" | tail -n 2 | sed 's/^/  /'
    if [ "${AUDIT_STRICT:-0}" = "1" ]; then exit 3; fi
    exit 0
  fi
  echo "pip-audit failed (exit $rc) without a vulnerability report:"
  tail -n 5 "$workdir/stderr" | sed 's/^/  /'
  exit 1
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
