"""The live target of the scanners: a throwaway SQLite database with the
reference and demo data, served by gunicorn on a free loopback port, and a
member logged in through the real login form.

Rate limits are off on this server only (`RATELIMIT_ENABLED=false`): sqlmap
sends thousands of login attempts, which would otherwise get 429 after ten.
Production refuses to start with that setting.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
MEMBER_EMAIL = "referent.arlon@demo.eplateforme.example"
DEMO_PASSWORD = "demo-eplateforme-2026"  # noqa: S105 - the published demo password
SESSION_COOKIE = "eplateforme_session"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Traffic:
    """What the application logged between two marks: one line a request
    (static files excepted)."""

    requests: int = 0
    anonymous: int = 0  # requests without a logged-in user
    csrf_failures: int = 0
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # the 500s, with their route

    def add(self, other: Traffic) -> None:
        self.requests += other.requests
        self.anonymous += other.anonymous
        self.csrf_failures += other.csrf_failures
        self.statuses.update(other.statuses)
        self.errors += other.errors


class LiveServer:
    """gunicorn as in the README's deployment (one worker, four threads)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ, "APP_ENV": "development", "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"sqlite:///{workdir / 'security.sqlite3'}",
            "UPLOAD_FOLDER": str(workdir / "uploads"), "PUBLIC_URL": self.base,
            "MAIL_SERVER": "", "OUTBOX_SENDER_THREAD": "false", "JOBS_SCHEDULER": "false",
            "RATELIMIT_ENABLED": "false", "RATELIMIT_STORAGE_URI": "memory://",
        }

    def start(self) -> None:
        for command in (["db", "upgrade"], ["seed", "reference"], ["seed", "demo"]):
            subprocess.run([str(BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT,
                           env=self.env, check=True, capture_output=True)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                 "--threads", "4", "--timeout", "120", "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{self.base}/sante", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.log_path}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_mark(self) -> int:
        return self.log_path.stat().st_size

    def traffic_since(self, mark: int) -> Traffic:
        traffic = Traffic()
        with self.log_path.open(encoding="utf-8", errors="replace") as log:
            log.seek(mark)
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(entry, dict):
                    continue
                traffic.csrf_failures += entry.get("event") == "csrf_failure"
                if entry.get("logger") != "app.request":
                    continue
                traffic.requests += 1
                traffic.anonymous += entry.get("user") is None
                status = int(entry.get("status", 0))
                traffic.statuses[status] += 1
                if status >= 500:
                    traffic.errors.append(f"{entry.get('method')} {entry.get('route')} "
                                          f"-> {status} (request id {entry.get('request_id')})")
        return traffic


class Browser:
    """A urllib client with a cookie jar: enough to log in like a person."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf_token(self, path: str) -> str:
        match = CSRF_INPUT.search(self.get(path))
        if match is None:
            raise RuntimeError(f"no csrf_token field on {path}")
        return match.group(1)

    def session_cookie(self) -> str:
        for cookie in self.cookies:
            if cookie.name == SESSION_COOKIE:
                return cookie.value
        raise RuntimeError("no session cookie")


def member_session(base: str) -> str:
    """The session cookie of the demo member, from a real POST to /connexion."""
    browser = Browser(base)
    token = browser.csrf_token("/connexion")
    status, _page = browser.post("/connexion", {"email": MEMBER_EMAIL,
                                                "password": DEMO_PASSWORD, "csrf_token": token})
    session = browser.session_cookie()
    if status != 200 or not is_logged_in(base, session):
        raise RuntimeError(f"the demo member could not log in (HTTP {status})")
    return session


def is_logged_in(base: str, session: str) -> bool:
    """True while `session` still opens a members-only page (not the login form)."""
    request = urllib.request.Request(f"{base}/compte",
                                     headers={"Cookie": f"{SESSION_COOKIE}={session}"})
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=30) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
