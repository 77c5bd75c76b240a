#!/usr/bin/env python3
"""Name the tests that did not pass in meson test logs, with the failing
subtests and the lines just before each, so the end of a long run (often
all a CI page keeps) says what failed without the whole log.

    build-aux/failed-tests.py TESTLOG.json [TESTLOG.json...]

Prints nothing when every test passed or was skipped."""

import json
import sys

BAD = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"}
CONTEXT = 6        # lines shown before each "not ok"
MAX_LINES = 40     # per test, so one test's flood cannot hide the others


def failed_tests(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    test = json.loads(line)
                except ValueError:
                    continue
                if test.get("result") in BAD:
                    yield test
    except OSError as e:
        print(f"  (cannot read {path}: {e.strerror})")


def excerpt(test):
    out = (test.get("stdout") or "").splitlines()
    err = (test.get("stderr") or "").splitlines()
    shown = []
    for i, line in enumerate(out):
        if line.startswith("not ok") or line.startswith("Bail out"):
            shown.extend(out[max(0, i - CONTEXT):i + 1])
    if not shown:
        # A crash or a timeout leaves no "not ok": its last words are the clue.
        shown = out[-CONTEXT:]
    shown += [l for l in err if l.strip()][-CONTEXT:]
    return shown[-MAX_LINES:]


def main(paths):
    tests = [(p, t) for p in paths for t in failed_tests(p)]
    if not tests:
        return 0
    print(f"== {len(tests)} test(s) did not pass ==")
    for path, t in tests:
        print(f"{t.get('name')}: {t.get('result')} after {t.get('duration', 0):.1f} s"
              f" (return code {t.get('returncode')}; {path})")
        for line in excerpt(t):
            print("    " + line[:300])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
