"""Reference data: the public bodies of the province, from the official list.

`seed_reference()` is idempotent: it creates what is missing, corrects names
and attachments of existing reference rows, and never touches membership.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Institution, InstitutionKind, utcnow

COMMUNES_CSV = Path(__file__).parent / "communes.csv"
RESCUE_ZONE = "Luxembourg"
# Names that start with a silent h take the elided article ("d'Herbeumont");
# other h-names of the province are aspirated ("de Habay", "de Hotton").
SILENT_H = {"Herbeumont"}
VOWELS = set("AEIOUYÉÈÊÂÎÔŒ")


@dataclass(frozen=True)
class CommuneRow:
    name: str
    arrondissement: str
    postal_code: str
    police_zone: str


def read_communes(path: Path = COMMUNES_CSV) -> list[CommuneRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            CommuneRow(row["commune"].strip(), row["arrondissement"].strip(),
                       row["postal_code"].strip(), row["police_zone"].strip())
            for row in csv.DictReader(handle)
        ]


@lru_cache(maxsize=1)
def _arrondissements() -> tuple[str, ...]:
    return tuple(sorted({row.arrondissement for row in read_communes()}, key=slugify))


def arrondissements() -> list[str]:
    """The arrondissements of the province, from the official list (read once:
    every institution's arrondissement is one of them)."""
    return list(_arrondissements())


def de(name: str) -> str:
    """French 'de' with elision: "d'Arlon", "d'Étalle", "de Bastogne"."""
    if name[:1].upper() in VOWELS or name in SILENT_H:
        return f"d'{name}"
    return f"de {name}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def seed_reference() -> dict[str, int]:
    """Create or update the reference institutions; return counts per kind."""
    existing = {i.slug: i for i in db.session.scalars(select(Institution))}
    communes = read_communes()

    def upsert(kind: InstitutionKind, name: str, short_name: str, **fields) -> Institution:
        slug = slugify(f"{kind.value.replace('_', '-')}-{short_name}")
        institution = existing.get(slug)
        if institution is None:
            institution = Institution(kind=kind, slug=slug, is_reference=True)
            db.session.add(institution)
            existing[slug] = institution
        values = {"name": name, "short_name": short_name, **fields}
        for key, value in values.items():
            if getattr(institution, key) != value:
                setattr(institution, key, value)
        return institution

    province_name = current_app.config["PROVINCE_NAME"]
    province = upsert(InstitutionKind.PROVINCE, province_name,
                      province_name.removeprefix("Province de ").removeprefix("Province du "),
                      arrondissement=None, postal_code=None)
    if not province.is_member:
        province.is_member = True
        province.member_since = utcnow()
    upsert(InstitutionKind.ZONE_SECOURS, f"Zone de secours {RESCUE_ZONE}", RESCUE_ZONE,
           arrondissement=None, postal_code=None)

    zones = {
        zone: upsert(InstitutionKind.ZONE_POLICE, f"Zone de police {zone}", zone,
                     arrondissement=None, postal_code=None)
        for zone in sorted({row.police_zone for row in communes})
    }
    db.session.flush()
    for row in communes:
        commune = upsert(InstitutionKind.COMMUNE, f"Commune {de(row.name)}", row.name,
                         arrondissement=row.arrondissement, postal_code=row.postal_code,
                         police_zone_id=zones[row.police_zone].id)
        db.session.flush()
        upsert(InstitutionKind.CPAS, f"CPAS {de(row.name)}", row.name,
               arrondissement=row.arrondissement, postal_code=row.postal_code,
               commune_id=commune.id, police_zone_id=zones[row.police_zone].id)
    db.session.flush()
    counts: dict[str, int] = {}
    for institution in existing.values():
        if institution.is_reference:
            counts[institution.kind.value] = counts.get(institution.kind.value, 0) + 1
    return counts
