"""Test cases of render-template-string.yml (semgrep --test)."""
import jinja2
from flask import render_template_string, request


def greet():
    name = request.args.get("name", "")
    # ok: render-template-string-non-constant
    render_template_string("<p>Bonjour {{ name }}</p>", name=name)
    # ruleid: render-template-string-non-constant
    render_template_string(f"<p>Bonjour {name}</p>")
    # ruleid: render-template-string-non-constant
    render_template_string("<p>Bonjour " + name + "</p>")
    template = request.form["template"]
    # ruleid: render-template-string-non-constant
    render_template_string(template)
    # ruleid: render-template-string-non-constant
    jinja2.Template(template)
    # ok: render-template-string-non-constant
    jinja2.Template("{{ name }}")
