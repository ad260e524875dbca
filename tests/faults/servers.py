"""Real parts for the fault tests: gunicorn in a subprocess, an HTTP client
with cookies, a TCP proxy that can cut a database off, and data written
straight into a database the server uses."""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from app.models import Institution, InstitutionKind, User, UserStatus, utcnow
from tests.conftest import TEST_PASSWORD, _free_port
from tests.helpers import CSRF_RE

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKER_LINE = re.compile(r"\[(\d+)\] \[DEBUG\] (GET|POST) (\S+)")


def flask_command(env: dict, *args: str) -> str:
    """Run `flask --app wsgi ARGS` against the server's environment."""
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def server_env(database_url: str, tmp_path: Path, **settings: str) -> dict:
    """A production environment for one test server; `settings` override."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("MAIL_", "RATELIMIT_", "JOBS_", "OUTBOX_", "TEST_"))}
    env.update({
        "APP_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url, "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "PUBLIC_URL": "http://127.0.0.1", "OUTBOX_SENDER_THREAD": "false",
        "JOBS_SCHEDULER": "false", "RATELIMIT_STORAGE_URI": "memory://",
    })
    env.update(settings)
    return env


class Gunicorn:
    """`gunicorn wsgi:app` on a free loopback port; its log (debug level, so
    every request line carries the worker's pid) goes to a file."""

    def __init__(self, env: dict, log_path: Path, workers: int = 2, threads: int = 1):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("w")
        command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(workers), "--log-level", "debug",
                   "--graceful-timeout", "2", "wsgi:app"]
        if threads > 1:
            command[1:1] = ["--threads", str(threads)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()[-3000:]
            try:
                if HttpSession(self.url).get("/sante").status in (200, 503):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer:\n" + self.log()[-3000:])

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def log_size(self) -> int:
        return len(self.log())

    def worker_pids(self, method: str, path: str, since: int = 0) -> set[str]:
        """The workers that served `method path` (after log offset `since`),
        from gunicorn's debug log."""
        return {pid for pid, m, p in WORKER_LINE.findall(self.log()[since:])
                if m == method and p == path}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # quick shutdown
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self._log.close()


@dataclass
class Reply:
    status: int
    headers: dict
    text: str


@dataclass
class HttpSession:
    """A tiny browser: keeps cookies, never follows redirects."""

    base: str
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict | None = None,
                headers: dict | None = None) -> Reply:
        parts = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        sent = dict(headers or {})
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Reply(response.status, dict(response.headers), text)
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def csrf_token(self, path: str) -> str:
        match = CSRF_RE.search(self.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1) or match.group(2)

    def post_form(self, path: str, data: dict, token: str | None = None,
                  token_from: str | None = None, **kwargs) -> Reply:
        token = token or self.csrf_token(token_from or path)
        return self.request("POST", path, data={"csrf_token": token, **data}, **kwargs)

    def login(self, email: str, password: str = TEST_PASSWORD) -> Reply:
        return self.post_form("/connexion", {"email": email, "password": password})


def ad_form(title: str, **overrides) -> dict:
    return {"kind": "demande", "category": "soutien-humain", "title": title,
            "body": "Un renfort est demandé.", "start_date": "", "end_date": "",
            "quantity": "", **overrides}


class TcpProxy:
    """A loopback TCP proxy in front of `upstream`. `cut()` closes every
    connection and refuses new ones (the database is gone); `restore()`
    accepts again on the same port."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = _free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in [listener, *sockets]:
            if sock is not None:
                _shut(sock)
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets.update({client, server})
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            with contextlib.suppress(OSError):
                while chunk := source.recv(65536):
                    target.sendall(chunk)
        finally:
            _shut(source)
            _shut(target)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


@dataclass
class Members:
    """Who was written into a server's database."""

    emails: list[str]
    by_institution: list[list[str]]
    institution_ids: list[int]


def add_members(database_url: str, institutions: int, users_each: int,
                prefix: str = "agent", is_member: bool = True, **user_fields) -> Members:
    """Reference communes (members unless `is_member` is false) with active
    users (password TEST_PASSWORD), straight into the server's database."""
    engine = create_engine(database_url)
    password_hash = generate_password_hash(TEST_PASSWORD)
    by_institution, ids = [], []
    try:
        with Session(engine) as session:
            for number in range(institutions):
                name = f"Commune {prefix} {number}"
                institution = Institution(
                    kind=InstitutionKind.COMMUNE, name=name, short_name=name,
                    slug=f"commune-{prefix}-{number}", is_member=is_member,
                    member_since=utcnow() if is_member else None, arrondissement="Arlon",
                    is_reference=True)
                session.add(institution)
                by_institution.append([])
                for person in range(users_each):
                    email = f"{prefix}{number}-{person}@faults.example.be"
                    session.add(User(institution=institution, email=email,
                                     name=f"Agent {number}-{person}",
                                     password_hash=password_hash, status=UserStatus.ACTIVE,
                                     activated_at=utcnow(), **user_fields))
                    by_institution[-1].append(email)
                session.flush()
                ids.append(institution.id)
            session.commit()
    finally:
        engine.dispose()
    return Members([e for emails in by_institution for e in emails], by_institution, ids)
