"""`make security`: static checks of app/ (bandit, ruff's S rules, semgrep with
the project's rules and their tests), then sqlmap and wapiti against a
throwaway server with the demo data.

Prints what each tool looked at and found, then one summary line per tool
with its finding count; exits 1 on any finding, 0 otherwise.

    python security/run.py [--only bandit,ruff,semgrep,sqlmap,wapiti] [--keep]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import live_scans
import static_checks
from report import Result
from server import Browser, LiveServer, member_session

TOOLS = ["bandit", "ruff", "semgrep", "sqlmap", "wapiti"]
# wapiti: (seconds of crawling, seconds per attack module), so that the whole
# run stays around ten minutes on a 2-core machine.
WAPITI_SECONDS = {"visitor": (60, 20), "member": (120, 60)}


def visitor_session(base: str) -> str:
    """A visitor's session cookie (it holds the CSRF token of the forms)."""
    browser = Browser(base)
    browser.csrf_token("/connexion")
    return browser.session_cookie()


def live_checks(tools: list[str], workdir: Path) -> list[Result]:
    server = LiveServer(workdir)
    started = time.monotonic()
    server.start()
    print(f"throwaway server on {server.base} (gunicorn, SQLite in {workdir}, demo data, "
          f"rate limits off for the scans) ready in {time.monotonic() - started:.0f} s",
          flush=True)
    results = []
    try:
        member = member_session(server.base)
        if "sqlmap" in tools:
            results.append(_timed(lambda: live_scans.sqlmap(server, member)))
        if "wapiti" in tools:
            cookies = {"visitor": visitor_session(server.base), "member": member}
            results.append(_timed(lambda: live_scans.wapiti(server, cookies, WAPITI_SECONDS)))
    finally:
        server.stop()
    return results


def _timed(check) -> Result:
    started = time.monotonic()
    result = check()
    elapsed = time.monotonic() - started
    for line in result.details:
        print(f"  {line}")
    print(f"{result.line()} [{elapsed:.0f} s]", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(TOOLS),
                        help="comma-separated tools to run (default: all)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (database, logs, reports)")
    args = parser.parse_args()
    tools = [tool for tool in args.only.split(",") if tool]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    started = time.monotonic()
    results = []
    static = {"bandit": static_checks.bandit, "ruff": static_checks.ruff_security,
              "semgrep": static_checks.semgrep}
    for tool, check in static.items():
        if tool in tools:
            results.append(_timed(check))
    if {"sqlmap", "wapiti"} & set(tools):
        for command in ("sqlmap", "wapiti"):
            if command in tools and shutil.which(command) is None:
                print(f"{command} is missing: apt-get install {command}")
                return 2
        workdir = Path(tempfile.mkdtemp(prefix="eplateforme-security-"))
        try:
            results += live_checks(tools, workdir)
        finally:
            if args.keep:
                print(f"kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    total = sum(result.findings for result in results)
    print(f"\n== make security: {time.monotonic() - started:.0f} s")
    for result in results:
        print(result.line())
    print(f"{total} finding{'s' if total != 1 else ''} in all: "
          f"{'FAILED' if total else 'passed'}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
