"""`flask seed reference`: the 94 reference institutions, idempotent."""
from __future__ import annotations

from sqlalchemy import func, select

from app.models import Institution, InstitutionKind
from app.reference.seed import de, read_communes, seed_reference


def _snapshot(db):
    rows = db.session.execute(
        select(Institution.slug, Institution.name, Institution.kind, Institution.arrondissement,
               Institution.postal_code, Institution.police_zone_id, Institution.commune_id,
               Institution.is_member)
        .order_by(Institution.slug)
    ).all()
    return [tuple(row) for row in rows]


def test_seed_reference_creates_the_94_institutions(runner, db):
    result = runner.invoke(args=["seed", "reference"])
    assert result.exit_code == 0, result.output
    assert "94 reference institutions" in result.output
    counts = dict(db.session.execute(
        select(Institution.kind, func.count()).group_by(Institution.kind)).all())
    assert counts == {
        InstitutionKind.COMMUNE: 43, InstitutionKind.CPAS: 43,
        InstitutionKind.ZONE_POLICE: 6, InstitutionKind.ZONE_SECOURS: 1,
        InstitutionKind.PROVINCE: 1,
    }


def test_seed_reference_is_idempotent(runner, db):
    runner.invoke(args=["seed", "reference"])
    before = _snapshot(db)
    result = runner.invoke(args=["seed", "reference"])
    assert result.exit_code == 0
    db.session.expire_all()
    assert _snapshot(db) == before
    assert db.session.scalar(select(func.count(Institution.id))) == 94


def test_names_use_french_elision(db):
    seed_reference()
    names = set(db.session.scalars(select(Institution.name)))
    for expected in ["Commune d'Arlon", "CPAS d'Étalle", "Commune d'Erezée",
                     "Commune de Bastogne", "CPAS de La Roche-en-Ardenne",
                     "Commune de Habay", "Commune d'Herbeumont",
                     "Zone de police Gaume", "Zone de secours Luxembourg",
                     "Province de Luxembourg"]:
        assert expected in names
    assert "Commune de Étalle" not in names
    assert "Commune de Bertogne" not in names  # merged into Bastogne in 2024


def test_communes_know_their_police_zone_and_cpas_their_commune(db):
    seed_reference()
    arlon = db.session.scalar(select(Institution).where(Institution.name == "Commune d'Arlon"))
    assert arlon.arrondissement == "Arlon"
    assert arlon.postal_code == "6700"
    assert arlon.police_zone.name == "Zone de police Arlon-Attert-Habay-Martelange"
    cpas = db.session.scalar(select(Institution).where(Institution.name == "CPAS d'Arlon"))
    assert cpas.commune_id == arlon.id
    habay = db.session.scalar(select(Institution).where(Institution.name == "Commune de Habay"))
    assert habay.arrondissement == "Virton"
    assert habay.police_zone_id == arlon.police_zone_id


def test_only_the_province_starts_as_member(db):
    seed_reference()
    members = db.session.scalars(select(Institution).where(Institution.is_member)).all()
    assert [m.kind for m in members] == [InstitutionKind.PROVINCE]


def test_reference_csv_lists_43_communes():
    rows = read_communes()
    assert len(rows) == 43
    assert len({row.police_zone for row in rows}) == 6


def test_de_elides_before_vowels():
    assert de("Arlon") == "d'Arlon"
    assert de("Étalle") == "d'Étalle"
    assert de("Bouillon") == "de Bouillon"
