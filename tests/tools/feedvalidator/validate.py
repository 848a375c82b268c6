#!/usr/bin/python3 -B
"""Validate feed documents with the W3C Feed Validation Service's own code (the package beside this file).

usage: validate.py FILE... [--base URL]    one line per file, then its errors and warnings
       validate.py --json                 stdin: [{"name", "body", "url"?}], stdout: [{"name", "type", "errors", "warnings"}]

Each document is validated as the online service validates a URL, with the document's location
taken from "url", else its rel="self" link, else --base + file name (self-reference checks need it).
Errors are the service's "must" findings (it refuses the feed); warnings its "should" findings.
Exits 1 when a file given on the command line has an error. Needs Debian's python3-html5lib,
python3-rdflib and python3-lxml.
"""
import json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feedvalidator  # noqa: E402
from feedvalidator.formatter.text_plain import Formatter  # noqa: E402
from feedvalidator.logging import Error, FEEDTYPEDISPLAY, Warning  # noqa: E402

SELF = re.compile(rb'<(?:atom:)?link\b[^>]*\brel="self"[^>]*\bhref="([^"]+)"|<(?:atom:)?link\b[^>]*\bhref="([^"]+)"[^>]*\brel="self"')


def validate(data, url=None, fallback="https://example.invalid/feed"):
    if url is None:
        m = SELF.search(data)
        url = (m.group(1) or m.group(2)).decode() if m else fallback
    try:
        result = feedvalidator.validateString(data, firstOccurrenceOnly=1, base=url)
        events, kind = result["loggedEvents"], FEEDTYPEDISPLAY.get(result.get("feedType", 0), "")
    except feedvalidator.logging.ValidationFailure as failure:
        events, kind = [failure.event], ""
    errors = [e for e in events if isinstance(e, Error)]
    warnings = [e for e in events if isinstance(e, Warning)]
    return {"type": kind, "errors": list(Formatter(errors)), "warnings": list(Formatter(warnings))}


def main(argv):
    if argv == ["--json"]:
        docs = json.load(sys.stdin)
        out = [{"name": d["name"], **validate(d["body"].encode("utf-8"), d.get("url"))} for d in docs]
        json.dump(out, sys.stdout, ensure_ascii=False)
        return 0
    base = None
    if "--base" in argv:
        i = argv.index("--base")
        base = argv[i + 1]
        del argv[i:i + 2]
    if not argv:
        sys.exit(__doc__)
    failed = 0
    for path in argv:
        with open(path, "rb") as f:
            data = f.read()
        result = validate(data, fallback=(base or "https://example.invalid/") + os.path.basename(path))
        print(f"{path}: {result['type']}, {len(result['errors'])} errors, {len(result['warnings'])} warnings")
        for line in result["errors"]:
            print("  error:", line)
        for line in result["warnings"]:
            print("  warning:", line)
        failed += bool(result["errors"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
