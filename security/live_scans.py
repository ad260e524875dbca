"""The scans of the running site: sqlmap on the search, login and registration
forms, wapiti over the whole site as a visitor and as a member.

Requests are counted on the server side, from the application's own log
(one line a request, static files excepted), so the figures are what the
site answered, whatever each scanner reports about itself. A 500 logged
during a scan is a finding even if the scanner did not report it.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from report import Result, grouped, plural
from server import SESSION_COOKIE, Browser, LiveServer, Traffic, is_logged_in

HERE = Path(__file__).resolve().parent
SQLMAP_OPTIONS = ["--batch", "--level", "2", "--risk", "1", "--disable-coloring",
                  "--flush-session"]
SQLMAP_TIMEOUT = 600
INJECTABLE = re.compile(r"parameter '([^']+)' (?:is|appears to be) '[^']*' injectable"
                        r"|identified the following injection point")
# Every default and optional module that works offline. Left out: ssrf and xxe
# (they need wapiti's endpoint on the internet), wapp and nikto (they download
# their databases), brute_login_form (guesses passwords; the login form's
# rate limit is tested in tests/) and buster (a brute-force of file names,
# minutes long; backup covers the classic leftovers).
WAPITI_MODULES = ("backup,blindsql,cookieflags,crlf,csp,csrf,exec,file,htaccess,"
                  "http_headers,methods,permanentxss,redirect,shellshock,sql,xss")
WAPITI_TIMEOUT = 900
TIME_LIMIT_REACHED = re.compile(r"Max attack time was reached for module (\w+)")
# URLs the scans must not call: logging out would end the member's scan, and
# handing over the référent role or removing colleagues destroys the demo set.
WAPITI_EXCLUDED = ["/deconnexion", "/compte/collegues/*/referent",
                   "/compte/collegues/*/retirer"]
# wapiti findings that are not bugs of the application, each with the reason.
# Matched on the category and the exact text: anything else counts.
WAPITI_ALLOWED = {
    ("HTTP Secure Headers", "X-XSS-Protection is not set"):
        "deprecated header: browsers removed the XSS auditor it switched on; OWASP "
        "advises not to send it; the CSP without 'unsafe-inline' is the defence",
    ("HTTP Secure Headers", "Strict-Transport-Security is not set"):
        "the scan runs over plain HTTP on loopback; app/web/headers.py sends HSTS on "
        "every HTTPS response (browsers ignore it over HTTP, RFC 6797 section 7.2)",
    ("Secure Flag cookie", f"Secure flag is not set in the cookie : {SESSION_COOKIE}"):
        "plain HTTP on loopback; production sets Secure when PUBLIC_URL is https "
        "(tests/test_config.py)",
}


@dataclass
class SqlmapTarget:
    name: str
    url: str
    parameters: list[str]
    data: str | None = None  # POST body
    csrf_url: str | None = None
    cookie: str | None = None


def sqlmap_targets(base: str, member_cookie: str) -> list[SqlmapTarget]:
    institution = re.search(r'<option value="(\d+)"', Browser(base).get("/inscription"))
    if institution is None:
        raise RuntimeError("no institution to choose on /inscription")
    search = ["q", "kind", "category", "institution_kind", "arrondissement", "status",
              "sort", "page"]
    registration = {"institution": institution.group(1), "name": "Marie Dupont",
                    "function": "Directrice générale",
                    "email": "marie.dupont@commune.example.be", "phone": "063 21 22 23",
                    "message": "Bonjour", "consent": "y"}
    return [
        SqlmapTarget("GET /annonces (member)", f"{base}/annonces?q=tracteur&kind=demande"
                     "&category=pret-materiel&institution_kind=commune&arrondissement=Arlon"
                     "&status=ouverte&sort=recent&page=1", search,
                     cookie=f"{SESSION_COOKIE}={member_cookie}"),
        SqlmapTarget("POST /connexion", f"{base}/connexion", ["email", "password"],
                     data="email=agent%40commune.example.be&password=motdepasse-essai-2026"
                          "&csrf_token=x", csrf_url=f"{base}/connexion"),
        SqlmapTarget("POST /inscription", f"{base}/inscription", list(registration),
                     data=urlencode({**registration, "website": "", "csrf_token": "x"}),
                     csrf_url=f"{base}/inscription"),
    ]


def sqlmap(server: LiveServer, member_cookie: str) -> Result:
    """sqlmap in batch mode on each form, one after the other."""
    details, findings, total, parameters = [], 0, Traffic(), 0
    targets = sqlmap_targets(server.base, member_cookie)
    for number, target in enumerate(targets, 1):
        output_dir = server.workdir / f"sqlmap-{number}"
        command = ["sqlmap", "-u", target.url, "-p", ",".join(target.parameters),
                   *SQLMAP_OPTIONS, "--output-dir", str(output_dir),
                   "-t", str(server.workdir / f"sqlmap-{number}-traffic.txt")]
        if target.data is not None:
            command += ["--data", target.data]
        if target.csrf_url:  # a valid token in each request (so no --threads)
            command += ["--csrf-token=csrf_token", f"--csrf-url={target.csrf_url}"]
        else:
            command += ["--threads", "2"]
        if target.cookie:
            command += ["--cookie", target.cookie]
        mark = server.log_mark()
        try:
            done = subprocess.run(command, capture_output=True, text=True,
                                  timeout=SQLMAP_TIMEOUT, check=False)
            output = done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            output = f"[CRITICAL] sqlmap still running after {SQLMAP_TIMEOUT} s {expired}"
        (server.workdir / f"sqlmap-{number}.log").write_text(output)
        traffic = server.traffic_since(mark)
        total.add(traffic)
        parameters += len(target.parameters)
        matches = [match.group(1) for match in INJECTABLE.finditer(output)]
        injectable = sorted({name for name in matches if name}) or (
            ["(see the log)"] if matches else [])
        problems = [f"injectable: {name}" for name in injectable]
        problems += [line.strip() for line in output.splitlines() if "[CRITICAL]" in line]
        problems += _traffic_problems(traffic, member=bool(target.cookie), form_scan=True)
        findings += len(problems)
        details.append(f"{target.name}: {', '.join(target.parameters)}: "
                       f"{plural(traffic.requests, 'request')}, "
                       f"{'; '.join(problems) or 'nothing injectable'}")
    return Result("sqlmap", findings, (
        f"{plural(findings, 'injectable parameter or error', 'injectable parameters or errors')}"
        f", {grouped(total.requests)} requests on {len(targets)} forms ({parameters} parameters, "
        f"level 2, risk 1; rate limits off on this server)"), details)


def _traffic_problems(traffic: Traffic, member: bool, form_scan: bool) -> list[str]:
    """The 500s, and what shows that a scan tested little: requests refused
    for their CSRF token, a lost session, or (sqlmap, which sends valid
    requests apart from its payloads) a form answering mostly 4xx."""
    problems = [f"HTTP 500: {error}" for error in traffic.errors]
    if traffic.requests == 0:
        return [*problems, "no request reached the application"]
    if traffic.csrf_failures > traffic.requests // 20:
        problems.append(f"{traffic.csrf_failures} of {traffic.requests} requests refused for "
                        "their CSRF token")
    refused = sum(count for status, count in traffic.statuses.items() if 400 <= status < 500)
    if form_scan and refused > traffic.requests // 5:
        problems.append(f"{refused} of {traffic.requests} requests answered 4xx: the scan did "
                        "not reach the form")
    if member and traffic.anonymous > traffic.requests // 10:
        problems.append(f"{traffic.anonymous} of {traffic.requests} requests without the "
                        "member's session")
    return problems


@dataclass
class WapitiScan:
    role: str
    requests: int
    vulnerabilities: int
    anomalies: int
    urls: int
    forms: int
    problems: list[str]
    allowed: list[str]
    notes: list[str]


def wapiti(server: LiveServer, cookies: dict[str, str], seconds: dict[str, tuple[int, int]]
           ) -> Result:
    """wapiti as a visitor, then as a member: one result for both."""
    scans = [_wapiti_scan(server, role, cookie, *seconds[role])
             for role, cookie in cookies.items()]
    details = []
    for scan in scans:
        details.append(f"{scan.role}: {plural(scan.requests, 'request')}, {scan.urls} URLs and "
                       f"{scan.forms} forms crawled, {scan.vulnerabilities} vulnerabilities "
                       f"({len(scan.allowed)} allowed), {scan.anomalies} anomalies")
        details += [f"  {scan.role}: {line}"
                    for line in scan.problems + scan.allowed + scan.notes]
    findings = sum(len(scan.problems) for scan in scans)
    vulnerabilities = sum(scan.vulnerabilities - len(scan.allowed) for scan in scans)
    anomalies = sum(scan.anomalies for scan in scans)
    allowed = sum(len(scan.allowed) for scan in scans)
    return Result("wapiti", findings, (
        f"{plural(vulnerabilities, 'vulnerability', 'vulnerabilities')} "
        f"(+{allowed} allowed, listed above), {plural(anomalies, 'anomaly', 'anomalies')}, "
        f"{plural(findings, 'finding')} in all, "
        f"{grouped(sum(scan.requests for scan in scans))} requests, "
        f"{' + '.join(scan.role for scan in scans)} "
        f"({sum(scan.urls for scan in scans)} URLs, {sum(scan.forms for scan in scans)} forms)"),
        details)


def _wapiti_scan(server: LiveServer, role: str, cookie: str, scan_seconds: int,
                 attack_seconds: int) -> WapitiScan:
    """One wapiti scan with `cookie` sent as a header on every request, so that
    the whole scan keeps one session, and with it one CSRF token."""
    out = server.workdir / f"wapiti-{role}"
    out.mkdir()
    report_path = out / "report.json"
    command = [*_wapiti_command(), "-u", f"{server.base}/", "--scope", "folder",
               "-m", WAPITI_MODULES, "--flush-session", "--store-session", str(out / "session"),
               "--store-config", str(out / "config"),
               "-H", f"Cookie: {SESSION_COOKIE}={cookie}", "--skip", "csrf_token",
               "--skip", "website", "--max-scan-time", str(scan_seconds),
               "--max-attack-time", str(attack_seconds), "--max-links-per-page", "30",
               "--max-files-per-dir", "20", "-t", "10", "-f", "json", "-o", str(report_path),
               "-v", "1", "--no-bugreport"]
    for excluded in WAPITI_EXCLUDED:
        command += ["-x", f"{server.base}{excluded}"]
    mark = server.log_mark()
    with (out / "wapiti.log").open("w") as log:
        try:
            exit_code = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT,
                                       check=False, timeout=WAPITI_TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            exit_code = f"none: still running after {WAPITI_TIMEOUT} s"
    traffic = server.traffic_since(mark)
    allowed, problems, notes = [], [], []
    if exit_code != 0 or not report_path.exists():
        problems.append(f"wapiti failed (exit {exit_code}); see {out / 'wapiti.log'}")
        report = {"vulnerabilities": {}, "anomalies": {}}
    else:
        report = json.loads(report_path.read_text())
    for kind in ("vulnerabilities", "anomalies"):
        for category, items in report[kind].items():
            for item in items:
                reason = WAPITI_ALLOWED.get((category, item["info"]))
                where = item["method"] + " " + item["path"]
                if item["parameter"]:
                    where += ", parameter " + item["parameter"]
                if kind == "vulnerabilities" and reason:
                    allowed.append(f"allowed: {category}: {item['info']} ({where}): {reason}")
                else:
                    problems.append(f"{category}: {item['info']} ({where})")
    problems += _traffic_problems(traffic, member=role == "member", form_scan=False)
    if role == "member" and not is_logged_in(server.base, cookie):
        problems.append("the member's session did not survive the scan")
    urls, forms = _crawled(out / "session")
    cut = TIME_LIMIT_REACHED.findall((out / "wapiti.log").read_text(errors="replace"))
    if cut:
        notes.append(f"note: {', '.join(cut)} stopped after {attack_seconds} s "
                     "(--max-attack-time), the rest of their payloads not sent")
    return WapitiScan(
        role, traffic.requests,
        sum(len(items) for items in report["vulnerabilities"].values()),
        sum(len(items) for items in report["anomalies"].values()), urls, forms, problems,
        allowed, notes)


def _wapiti_command() -> list[str]:
    """wapiti's own interpreter (from its script's first line) on the wrapper."""
    script = shutil.which("wapiti")
    if script is None:
        raise RuntimeError("wapiti is missing: apt-get install wapiti")
    interpreter = Path(script).read_text().splitlines()[0].removeprefix("#!").split()
    return [*interpreter, str(HERE / "wapiti_compat.py")]


def _crawled(session_dir: Path) -> tuple[int, int]:
    """Pages (GET) and forms (POST) that wapiti found, from its session database."""
    databases = list(session_dir.glob("*.db"))
    if not databases:
        return 0, 0
    with sqlite3.connect(databases[0]) as connection:
        rows = dict(connection.execute(
            "SELECT method, count(*) FROM paths WHERE evil = 0 GROUP BY method").fetchall())
    return rows.get("GET", 0), sum(count for method, count in rows.items() if method != "GET")
