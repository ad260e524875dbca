"""Fill an empty, migrated database with province-scale data for `make bench`.

Run inside the app context (`python bench/build_db.py`, with DATABASE_URL set
and `flask db upgrade` + `flask seed reference` already done). Bulk inserts in
chunks, no ORM object per row: 100 000 annonces take a few seconds.
"""
from __future__ import annotations

import random
import secrets
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, update

from app import create_app
from app.auth.passwords import hash_password
from app.blueprints.annonces.search import normalise
from app.extensions import db
from app.models import (
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceMessage,
    AnnonceStatus,
    Centrale,
    CentraleDomain,
    DocumentTemplate,
    Institution,
    InstitutionKind,
    NotificationPreference,
    TemplateCategory,
    TemplateFile,
    TemplateVersion,
    User,
    UserStatus,
)

ANNONCES, USERS, TEMPLATES, CENTRALES, MESSAGES = 100_000, 2_000, 1_000, 50, 20_000
PASSWORD = "bench-password-2026"
COMMON_WORD, RARE_WORD = "materiel", "tractopelle"
CHUNK = 5_000
NOUNS = ["camion", "tondeuse", "ouvrier", "agent", "juriste", "tentes", "barrieres",
         "chaises", "podium", "sono", "nacelle", "broyeur", "saleuse", "archiviste",
         "informaticien", "puericultrice", "comptable", "electricien", "tables", "gradins"]
CONTEXTS = ["pour la fete communale", "pour le marche de Noel", "pour la brocante",
            "pour un chantier de voirie", "pour le service population", "en urgence",
            "pour l'hiver", "pour un remplacement", "pour la kermesse", "pour l'ete"]
BODY_WORDS = ["besoin", "renfort", "equipe", "semaine", "disponible", "contact", "service",
              "technique", "commune", "etat", "civil", "travaux", "voirie", "espaces",
              "verts", "ecole", "cpas", "police", "secours", "logistique", "transport",
              "livraison", "location", "pret"]


def chunks(rows: list[dict], size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def bulk(model, rows: list[dict]) -> None:
    for part in chunks(rows):
        db.session.execute(insert(model), part)


def make_members(now: datetime) -> list[Institution]:
    db.session.execute(update(Institution).values(is_member=True, member_since=now))
    return list(db.session.scalars(select(Institution).order_by(Institution.id)))


def make_users(institutions: list[Institution], now: datetime) -> list[dict]:
    password_hash = hash_password(PASSWORD)
    rows = []
    for n in range(USERS):
        institution = institutions[n % len(institutions)]
        rows.append({
            "id": n + 1, "institution_id": institution.id,
            "email": f"agent{n + 1}@bench.example.be", "name": f"Agent {n + 1}",
            "function": "Agent", "password_hash": password_hash,
            "status": UserStatus.ACTIVE, "is_referent": n < len(institutions),
            "notification_preference": (NotificationPreference.IMMEDIATE if n % 10 == 0
                                        else NotificationPreference.DAILY),
            "session_token": secrets.token_urlsafe(24), "created_at": now,
            "activated_at": now,
        })
    bulk(User, rows)
    return rows


def make_annonces(institutions: list[Institution], users: list[dict],
                  today: date, rng: random.Random) -> None:
    communes = [i for i in institutions if i.kind == InstitutionKind.COMMUNE]
    by_institution: dict[int, list[int]] = {}
    for user in users:
        by_institution.setdefault(user["institution_id"], []).append(user["id"])
    kinds, categories = list(AnnonceKind), list(AnnonceCategory)
    closed = [AnnonceStatus.POURVUE, AnnonceStatus.ANNULEE, AnnonceStatus.EXPIREE,
              AnnonceStatus.EXPIREE, AnnonceStatus.MASQUEE]
    rows = []
    for n in range(ANNONCES):
        institution = institutions[n % len(institutions)]
        location = rng.choice(communes)
        kind, category = rng.choice(kinds), rng.choice(categories)
        age = int((n / ANNONCES) ** 0.8 * 5 * 365)  # newest first, more recent ads
        created = datetime.combine(today - timedelta(days=age), datetime.min.time(),
                                   tzinfo=UTC) + timedelta(seconds=rng.randrange(86_400))
        expires_on = created.date() + timedelta(days=rng.randrange(14, 90))
        status = AnnonceStatus.OPEN if expires_on > today and n % 7 else rng.choice(closed)
        noun = rng.choice(NOUNS)
        title = f"{kind.label} : {noun} {rng.choice(CONTEXTS)}"
        if n % 3 == 0:
            title += f" ({COMMON_WORD})"
        if n % 20_000 == 7:
            title += f" – {RARE_WORD}"
        body = " ".join(rng.choices(BODY_WORDS, k=40))
        quantity = f"{rng.randrange(1, 20)} {noun}"
        text = " ".join([title, body, quantity, category.label, kind.label,
                         institution.name, location.short_name])
        author = rng.choice(by_institution[institution.id])
        rows.append({
            "id": n + 1, "institution_id": institution.id, "author_id": author,
            "contact_id": author, "location_id": location.id, "kind": kind,
            "category": category, "title": title, "body": body, "quantity": quantity,
            "broadcast": False, "status": status, "expires_on": expires_on,
            "search_text": " ".join(normalise(text).replace("'", " ").split()),
            "hidden_reason": "", "created_at": created, "updated_at": created,
        })
    bulk(Annonce, rows)


def make_templates(now: datetime, rng: random.Random) -> None:
    categories = list(TemplateCategory)
    templates, versions, files, current = [], [], [], []
    for n in range(TEMPLATES):
        title = f"Modèle {n + 1} : {rng.choice(NOUNS)} {rng.choice(CONTEXTS)}"
        description = " ".join(rng.choices(BODY_WORDS, k=30))
        templates.append({
            "id": n + 1, "title": title, "description": description,
            "category": categories[n % len(categories)], "indicative": True,
            "is_published": n % 20 != 0, "position": n, "download_count": 0,
            "search_text": normalise(f"{title} {description}"),
            "created_at": now, "updated_at": now - timedelta(hours=n),
        })
        for number in range(1, 1 + 1 + n % 3):
            version_id = len(versions) + 1
            versions.append({"id": version_id, "template_id": n + 1, "number": number,
                             "note": f"Version {number}", "created_at": now})
            for fmt, content_type in (("docx", "application/vnd.openxmlformats-"
                                       "officedocument.wordprocessingml.document"),
                                      ("pdf", "application/pdf")):
                files.append({"version_id": version_id, "format": fmt,
                              "original_name": f"modele-{n + 1}-v{number}.{fmt}",
                              "content_type": content_type, "size": 20_000,
                              "stored_name": secrets.token_hex(16) + "." + fmt,
                              "download_count": 0, "created_at": now})
        current.append({"id": n + 1, "current_version_id": len(versions)})
    bulk(DocumentTemplate, templates)
    bulk(TemplateVersion, versions)
    bulk(TemplateFile, files)
    db.session.execute(update(DocumentTemplate), current)


def make_centrales(today: date) -> None:
    domains = list(CentraleDomain)
    bulk(Centrale, [{
        "title": f"Centrale d'achat n° {n + 1}", "slug": f"centrale-{n + 1}",
        "domain": domains[n % len(domains)],
        "description": " ".join(BODY_WORDS[: 10 + n % 10]), "reference": f"CA-{n + 1:03}",
        "valid_from": today - timedelta(days=30 * n),
        "valid_until": today + timedelta(days=365 - 20 * n),
        "adhesion_deadline": today + timedelta(days=60 - 5 * n),
        "is_published": True, "position": n,
    } for n in range(CENTRALES)])


def make_messages(institutions: list[Institution], users: list[dict],
                  now: datetime, rng: random.Random) -> None:
    rows = []
    for n in range(MESSAGES):
        annonce_id = rng.randrange(1, ANNONCES + 1)
        owner = institutions[(annonce_id - 1) % len(institutions)]
        partner = institutions[(annonce_id + 1 + n % 5) % len(institutions)]
        sender = owner if n % 2 else partner
        sender_user = users[(sender.id + 94 * (n % 5)) % len(users)]
        rows.append({"annonce_id": annonce_id, "partner_id": partner.id,
                     "sender_institution_id": sender.id, "sender_id": sender_user["id"],
                     "body": "Bonjour, nous pouvons vous aider. " * 3,
                     "created_at": now - timedelta(minutes=n)})
    bulk(AnnonceMessage, rows)


def main() -> None:
    started = time.monotonic()
    rng = random.Random(2026)
    app = create_app()
    with app.app_context():
        now = datetime.now(UTC)
        institutions = make_members(now)
        users = make_users(institutions, now)
        make_annonces(institutions, users, now.date(), rng)
        make_templates(now, rng)
        make_centrales(now.date())
        make_messages(institutions, users, now, rng)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                for table in ("user_account", "annonce", "document_template",
                              "template_version"):
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))")
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
        else:
            with db.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
    print(f"built {ANNONCES} annonces, {USERS} users, {TEMPLATES} templates, "
          f"{CENTRALES} centrales, {MESSAGES} answers in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
