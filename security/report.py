"""What each check of `make security` hands back to run.py."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Result:
    tool: str
    findings: int
    summary: str  # the one line printed for the tool, with its figures
    details: list[str] = field(default_factory=list)  # one line per finding or note

    def line(self) -> str:
        return f"{self.tool}: {self.summary}"


def grouped(number: int) -> str:
    """13414 -> "13 414" (the thousands separated as in French)."""
    return f"{number:,}".replace(",", " ")


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{grouped(count)} {word if count == 1 else words or word + 's'}"
