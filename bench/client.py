"""A tiny HTTP client for the benchmark: real logins (CSRF token from the
form, then POST) and timed sequential POSTs of annonces."""
from __future__ import annotations

import http.client
import re
import time
from datetime import date, timedelta
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def selected(html: str, name: str) -> str:
    """The value of the pre-selected option of the <select> named `name`."""
    block = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    for option in re.findall(r"<option[^>]*>", block.group(0) if block else ""):
        if "selected" in option:
            return re.search(r'value="([^"]*)"', option).group(1)
    return ""


class Client:
    """One browser: keeps the session cookie, never follows redirects."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None) -> tuple[int, str]:
        status, text, _ = self.exchange(method, path, form, headers)
        return status, text

    def exchange(self, method: str, path: str, form: dict | None = None,
                 headers: dict | None = None) -> tuple[int, str, list[str]]:
        """One request: its status, its body and the cookies it set."""
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=all_headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        set_cookies = response.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, set_cookies

    def csrf_token(self, path: str) -> str:
        status, html = self.request("GET", path)
        match = CSRF.search(html)
        if status != 200 or match is None:
            raise RuntimeError(f"no CSRF token on {path} (HTTP {status})")
        return match.group(1)

    def login(self, email: str, password: str) -> None:
        self.credentials = (email, password)
        token = self.csrf_token("/connexion")
        status, _ = self.request("POST", "/connexion", {
            "csrf_token": token, "email": email, "password": password, "next": ""})
        if status not in (302, 303):
            raise RuntimeError(f"login of {email} failed (HTTP {status})")
        self.request("GET", "/")  # where a browser lands: the session settles

    def fresh_cookie(self, path: str) -> str:
        """A new session's cookie, as a browser holds it after a visit of `path`.

        wrk replays one cookie and never stores what the server sends back;
        a browser does. Its session holds its CSRF secret once a form was
        drawn, and the idle timeout's `last_seen` in it moves each minute.
        A stale cookie would make the server sign and send a new one with
        every answer, which no browser causes. So each run gets a session
        logged in just before (a run lasts under a minute), and the cookie is
        checked: one more visit must not change it."""
        self.cookies.clear()
        self.login(*self.credentials)
        self.request("GET", path)
        status, _, set_cookies = self.exchange("GET", path)
        if status != 200 or set_cookies:
            raise RuntimeError(f"{path}: the session cookie does not settle (HTTP {status})")
        return self.cookie_header()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def post_annonce(self, title: str, broadcast: bool) -> float:
        """Publish one ad; returns the seconds the POST took."""
        status, html = self.request("GET", "/annonces/nouvelle")
        token = CSRF.search(html).group(1)
        form = {
            "csrf_token": token, "kind": "offre", "category": "pret-materiel",
            "title": title, "body": "Nous pouvons prêter ce matériel pendant l'été.",
            "quantity": "2", "location": selected(html, "location"),
            "contact": selected(html, "contact"),
            "expires_on": (date.today() + timedelta(days=30)).isoformat(),
        }
        if broadcast:
            form["broadcast"] = "y"
        started = time.perf_counter()
        status, html = self.request("POST", "/annonces/nouvelle", form)
        elapsed = time.perf_counter() - started
        if status not in (302, 303):
            raise RuntimeError(f"POST of an annonce failed (HTTP {status})")
        return elapsed


def time_posts(port: int, emails: list[str], password: str, per_user: int) -> dict:
    """Mean latency of normal and broadcast POSTs, alternated so both see the
    same database state; each user is of another institution (a broadcast is
    limited to 3 per institution per 7 days)."""
    times: dict[str, list[float]] = {"normal": [], "broadcast": []}
    for n, email in enumerate(emails):
        client = Client(port)
        client.login(email, password)
        for round_ in range(per_user):
            for kind in ("normal", "broadcast"):
                title = f"Bench {kind} {n}-{round_}-{time.monotonic_ns()}"
                times[kind].append(client.post_annonce(title, kind == "broadcast"))
    return {kind: {"n": len(values), "mean_ms": 1000 * sum(values) / len(values)}
            for kind, values in times.items()}
