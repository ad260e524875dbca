"""Runs wapiti (Debian's package, with wapiti's own interpreter) after two
fixes of wapiti 3.0.4 bugs, applied only to that version.

1. Each `-x` exclusion becomes a regular expression ending in `\\Z(?ms)`;
   Python 3.11 refuses flags anywhere but at the start (re.error), so any
   `-x` crashes wapiti. The flags go first here.
2. A multipart form (one with a file input: the annonce form) is sent with
   its text fields as file parts (`filename="csrf_token"`), so the server
   sees no text field at all, not even the CSRF token: every attack on such a
   form stops at "CSRF token missing" (400), and the csrf module then reports
   that the token "is not properly checked" because the request with the
   right token and the one with a wrong token get the same 400. Here text
   fields are sent as plain form fields, so the attacks reach the form.

Usage: python3 wapiti_compat.py ARGS... (the arguments of wapiti)
"""
import re
import sys

from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import ReadTimeout as RequestsReadTimeout
from wapitiCore.main import wapiti
from wapitiCore.net import crawler
from wapitiCore.net.page import Page

FIXED_VERSION = "Wapiti 3.0.4"


def wildcard_translate(pattern: str) -> re.Pattern:
    body = "".join(".*" if char == "*" else re.escape(char) for char in pattern)
    return re.compile(r"(?ms)" + body + r"\Z")


def post(self, form, follow_redirects=False, headers=None):
    """Crawler.post of wapiti 3.0.4, text fields of a multipart form as fields."""
    form_headers = {} if form.is_multipart else {"Content-Type": form.enctype}
    if isinstance(headers, dict) and headers:
        form_headers.update(headers)
    if form.referer:
        form_headers["referer"] = form.referer
    if form.is_multipart:
        file_params = ([(name, (None, value)) for name, value in form.post_params]
                       + [(name, tuple(value)) for name, value in form.file_params])
        post_params = []
    elif "urlencoded" in form.enctype:
        file_params, post_params = form.file_params, form.post_params
    else:
        file_params, post_params = None, form.post_params
    try:
        response = self._session.post(
            form.path, params=form.get_params, data=post_params, files=file_params,
            headers=form_headers, timeout=self._timeout, allow_redirects=follow_redirects,
            verify=self.secure)
    except RequestsConnectionError as exception:
        if "Read timed out" in str(exception):
            raise RequestsReadTimeout("Request time out") from exception
        raise
    return Page(response)


if wapiti.WAPITI_VERSION == FIXED_VERSION:
    crawler.wildcard_translate = wildcard_translate
    crawler.Crawler.post = post

sys.argv[0] = "wapiti"
sys.exit(wapiti.wapiti_main())
