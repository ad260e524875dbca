"""`make audit`: accessibility, valid HTML and Lighthouse on the demo data.

1. axe-core on every page pattern (visitor, member, manager) and the Nu HTML
   checker on the same pages, by running their browser tests;
2. Lighthouse (Debian's Chromium) on six pages of a server started here on a
   temporary SQLite database seeded with the demo content.

Prints one line per page and a total; exits non-zero on any axe violation or
HTML error, or when a Lighthouse score is under its threshold.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]
LIGHTHOUSE = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
MEMBER_EMAIL = "referent.arlon@demo.eplateforme.example"
THRESHOLDS = {"accessibility": 100, "best-practices": 95, "performance": 95}
# pytest -q prints its progress dots on the same lines as the tests' output
AXE_LINE = re.compile(r"axe (\S+) (\d+) (\S+)$")
HTML_LINE = re.compile(r"Nu HTML checker: .*")


def run_browser_tests() -> tuple[list[str], int, bool]:
    """The axe crawl and the HTML validation: (page lines, axe violations, passed)."""
    env = dict(os.environ, REQUIRE_BROWSER="1", REQUIRE_HTML_VALIDATOR="1")
    result = subprocess.run(
        [str(PYTHON), "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
         "tests/browser/test_axe_every_page.py", "tests/browser/test_valid_html.py"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    lines, axe_total = [], 0
    for line in result.stdout.splitlines():
        axe, html = AXE_LINE.search(line), HTML_LINE.search(line)
        if axe:
            role, count, url = axe.groups()
            axe_total += int(count)
            lines.append(f"  axe  {role:<12} {int(count):>3} violation(s)  {url}")
        elif html:
            lines.append("  " + html.group())
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-40:])
        lines.append(f"  the browser tests failed:\n{tail}")
    return lines, axe_total, result.returncode == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(workdir: Path) -> tuple[subprocess.Popen, str, dict]:
    env = dict(os.environ, APP_ENV="development",
               DATABASE_URL=f"sqlite:///{workdir / 'audit.sqlite3'}",
               UPLOAD_FOLDER=str(workdir / "uploads"), SECRET_KEY=os.urandom(32).hex(),
               MAIL_SERVER="", JOBS_SCHEDULER="0", OUTBOX_SENDER_THREAD="0")
    for command in (["db", "upgrade"], ["seed", "reference"], ["seed", "demo"]):
        subprocess.run([*FLASK, *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env["PUBLIC_URL"] = base
    server = subprocess.Popen([*FLASK, "run", "--port", str(port), "--no-reload"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/sante", timeout=2)
            return server, base, env
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the audit server did not start")


def session_cookie(base: str, email: str, password: str) -> str:
    """Log in through the real form and return the Cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/connexion").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'name="csrf_token" value="([^"]+)"', form)
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email,
                                   "password": password}).encode()
    opener.open(base + "/connexion", data=data)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def lighthouse(url: str, cookie: str | None, workdir: Path) -> dict[str, int]:
    report = workdir / "lighthouse.json"
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=accessibility,best-practices,performance",
               "--chrome-flags=--headless --no-sandbox --disable-gpu"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True,
                   capture_output=True, timeout=180)
    result = json.loads(report.read_text())
    final = result.get("finalDisplayedUrl")
    if final != url:  # e.g. sent to the login page
        raise SystemExit(f"Lighthouse was redirected from {url} to {final}")
    categories = result["categories"]
    return {name: round((categories[name]["score"] or 0) * 100) for name in THRESHOLDS}


def _first_link(base: str, cookie: str, listing: str, pattern: str) -> str:
    request = urllib.request.Request(base + listing, headers={"Cookie": cookie})
    return re.search(pattern, urllib.request.urlopen(request).read().decode()).group(1)


def run_lighthouse(workdir: Path) -> tuple[list[str], int]:
    from app.demo.accounts import DEMO_PASSWORD

    server, base, _ = start_server(workdir)
    try:
        cookie = session_cookie(base, MEMBER_EMAIL, DEMO_PASSWORD)
        central = _first_link(base, cookie, "/centrales", r'href="(/centrales/[a-z0-9-]+)"')
        pages = [("/", None), ("/annonces", cookie), ("/centrales", None), (central, None),
                 ("/modeles", cookie), ("/inscription", None)]
        lines, failures = [], 0
        for path, page_cookie in pages:
            scores = lighthouse(base + path, page_cookie, workdir)
            low = [name for name, minimum in THRESHOLDS.items() if scores[name] < minimum]
            failures += bool(low)
            who = "membre" if page_cookie else "visiteur"
            lines.append(f"  lighthouse {who:<9} accessibilité {scores['accessibility']:>3}"
                         f"  bonnes pratiques {scores['best-practices']:>3}"
                         f"  performance {scores['performance']:>3}  {path}"
                         + (f"  <- sous le seuil: {', '.join(low)}" if low else ""))
            print(lines[-1], flush=True)
        return lines, failures
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    started = time.monotonic()
    print("== axe-core and the Nu HTML checker (every page pattern, three roles)", flush=True)
    lines, axe_total, tests_passed = run_browser_tests()
    print("\n".join(lines), flush=True)
    print("== Lighthouse", flush=True)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        lh_lines, lh_failures = run_lighthouse(Path(tmp))
    axe_pages = sum(1 for line in lines if line.startswith("  axe "))
    verdict = "passed" if tests_passed else "FAILED"
    print(f"== total: {axe_pages} pages checked by axe, {axe_total} violation(s); "
          f"browser tests {verdict}; {len(lh_lines)} Lighthouse pages, "
          f"{lh_failures} under the thresholds; {time.monotonic() - started:.0f} s")
    return 1 if (axe_total or not tests_passed or lh_failures or axe_pages == 0) else 0


if __name__ == "__main__":
    sys.exit(main())
