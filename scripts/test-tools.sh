#!/usr/bin/env bash
# What the tests need beyond npm: Debian packages (independent feed validators for the feeds'
# tests, Chromium for the admin page's browser test). `npm test` runs this first (pretest), and
# CI (.ci/run) too. Missing ones are installed when it can (root with apt-get); otherwise it stops
# at once with the exact command to run. No test is skipped for a missing tool.
set -euo pipefail

missing=()
# Debian's /usr/bin/python3, not a python3 earlier on PATH: the python3-* packages install there.
modules=(feedparser html5lib rdflib lxml)
if [ -x /usr/bin/python3 ]; then
  # find_spec looks a module up without importing it (rdflib takes seconds to import).
  for module in $(/usr/bin/python3 -c 'import importlib.util, sys
print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))' "${modules[@]}"); do
    missing+=("python3-${module}")
  done
else
  missing+=("${modules[@]/#/python3-}")
fi
command -v jing >/dev/null || missing+=(jing)
[ -x /usr/bin/chromium ] || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "test tools: installing ${missing[*]} (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "The tests need Debian packages that are missing here: ${missing[*]}" >&2
echo "Install them, then run the tests again:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1
