"""Test cases of send-file.yml (semgrep --test)."""
from flask import send_file, send_from_directory


def download(path, name):
    # ruleid: send-file-not-attachment
    return send_file(path, mimetype="application/pdf")


def download_from(folder, stored):
    # ruleid: send-file-not-attachment
    return send_from_directory(folder, stored)


def download_inline(path):
    # ruleid: send-file-not-attachment
    return send_file(path, as_attachment=False)


def download_ok(path, name):
    # ok: send-file-not-attachment
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=name)


def download_from_ok(folder, stored):
    # ok: send-file-not-attachment
    return send_from_directory(folder, stored, as_attachment=True)
