"""Demonstration data: a few member institutions and demo accounts.

`seed_demo()` is idempotent and refuses to run in production. Demo
addresses end in `.example`, a top-level domain reserved for examples
(RFC 2606) that never delivers mail, and that login forms still accept.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import Institution, InstitutionKind, User, UserStatus, utcnow
from app.reference.seed import seed_reference

DEMO_PASSWORD = "demo-eplateforme-2026"  # noqa: S105 - printed for everyone to use
DEMO_DOMAIN = "demo.eplateforme.example"
MANAGER_EMAIL = f"gestionnaire@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoAccount:
    slug: str
    email: str
    name: str
    function: str
    referent: bool = True
    consent: bool = True


DEMO_ACCOUNTS = [
    DemoAccount("commune-arlon", f"referent.arlon@{DEMO_DOMAIN}", "Référent démo – Arlon",
                "Directeur général"),
    DemoAccount("commune-arlon", f"agent.arlon@{DEMO_DOMAIN}", "Agent démo – Arlon",
                "Agent au service population", referent=False),
    DemoAccount("cpas-bastogne", f"referent.cpas-bastogne@{DEMO_DOMAIN}",
                "Référente démo – CPAS de Bastogne", "Directrice générale"),
    DemoAccount("zone-police-gaume", f"referent.police-gaume@{DEMO_DOMAIN}",
                "Référent démo – Zone de police Gaume", "Chef de corps", consent=False),
    DemoAccount("commune-durbuy", f"referent.durbuy@{DEMO_DOMAIN}", "Référente démo – Durbuy",
                "Responsable des marchés publics"),
]
MEMBER_LOGIN = DEMO_ACCOUNTS[0].email


class DemoRefused(Exception):
    """Demo data must never reach a production database."""


@dataclass(frozen=True)
class DemoLogins:
    manager: str
    member: str
    password: str
    created: int


def seed_demo() -> DemoLogins:
    """Make the demo institutions members and create the missing demo accounts."""
    if current_app.config.get("APP_ENV") == "production":
        raise DemoRefused("Refusing to load demo data in production (APP_ENV=production).")
    seed_reference()
    institutions = {i.slug: i for i in db.session.scalars(
        select(Institution).where(Institution.slug.in_({a.slug for a in DEMO_ACCOUNTS})))}
    province = db.session.scalar(
        select(Institution).where(Institution.kind == InstitutionKind.PROVINCE))
    existing = set(db.session.scalars(
        select(User.email).where(User.email.endswith(f"@{DEMO_DOMAIN}"))))
    with_referent = set(db.session.scalars(
        select(User.institution_id).where(User.is_referent)))
    for institution in institutions.values():
        if not institution.is_member:
            institution.is_member = True
            institution.member_since = utcnow()
    missing = [a for a in DEMO_ACCOUNTS if a.email not in existing]
    if not missing and MANAGER_EMAIL in existing:
        return DemoLogins(MANAGER_EMAIL, MEMBER_LOGIN, DEMO_PASSWORD, created=0)
    password_hash = hash_password(DEMO_PASSWORD)
    for account in missing:
        institution = institutions[account.slug]
        # A real référent chosen in this database keeps the role.
        referent = account.referent and institution.id not in with_referent
        _add_user(institution, account.email, account.name, account.function, password_hash,
                  is_referent=referent, consent_share_contact=account.consent)
        if referent:
            with_referent.add(institution.id)
    if MANAGER_EMAIL not in existing:
        _add_user(province, MANAGER_EMAIL, "Gestionnaire démo", "Gestionnaire de la plateforme",
                  password_hash, is_manager=True, consent_share_contact=True,
                  is_referent=province.id not in with_referent)
    db.session.flush()
    created = len(missing) + (MANAGER_EMAIL not in existing)
    return DemoLogins(MANAGER_EMAIL, MEMBER_LOGIN, DEMO_PASSWORD, created=created)


def _add_user(institution: Institution, email: str, name: str, function: str,
              password_hash: str, **fields) -> User:
    user = User(institution=institution, email=email, name=name, function=function,
                password_hash=password_hash, status=UserStatus.ACTIVE, activated_at=utcnow(),
                **fields)
    db.session.add(user)
    return user
