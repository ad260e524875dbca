"""Password rules (docs/requirements.md, S2.1.6): 10 to 128 characters, not a common password."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).parent.parent / "reference" / "common-passwords.txt"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("# "))


def password_problem(password: str) -> str | None:
    """A French explanation of what is wrong with `password`, or None."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."
    if password.lower() in _common_passwords():
        return ("Ce mot de passe est trop courant et facile à deviner. "
                "Choisissez-en un autre, par exemple une phrase de plusieurs mots.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # scrypt, werkzeug's slow default


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash or len(password) > MAX_LENGTH:
        return False
    return check_password_hash(password_hash, password)
