"""Figures the security and reliability tests print at the end of a run
(issue 7: "checks that run in CI and print their figures").

A test calls `record("policy walk", "83 endpoint-methods × 6 roles")`; the
root conftest prints every recorded line in pytest's terminal summary, so
the CI log shows what was actually checked, not only that it passed.
"""
from __future__ import annotations

FIGURES: dict[str, str] = {}


def record(name: str, text: str) -> None:
    FIGURES[name] = text


def print_figures(terminalreporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("figures")
    for name in sorted(FIGURES):
        terminalreporter.write_line(f"{name}: {FIGURES[name]}")
