"""Demo collaborations between the demo institutions, on the demo annonces
(idempotent): one or more in every state, so that each page and each step
of a collaboration can be shown — proposed, accepted and coming, signed and
current (with a signed convention, a generated PDF stored like an upload),
ended this year (staff days, equipment returned or not), refused and
cancelled with their reasons.

Dates are relative to today (Brussels); the ended ones are kept within the
current year, so that the statistics of the year count them. Collaborations
already present (same annonce and description) are left alone, and the
conversation that put the two institutions in touch is written only when
their thread is empty.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.blueprints.annonces.threads.summary import record_message
from app.demo.collaboration_specs import DEMO_COLLABORATIONS, DemoCollaboration
from app.demo.pdf import pdf_bytes
from app.extensions import db
from app.localtime import BRUSSELS, brussels_today
from app.models import (
    Annonce,
    AnnonceMessage,
    Collaboration,
    CollaborationStatus,
    Institution,
    SignedConvention,
    User,
    utcnow,
)
from app.uploads import MB, store_upload
from app.web.templating import date_fr

Status = CollaborationStatus
DECIDED = (Status.ACCEPTEE, Status.REFUSEE, Status.SIGNEE, Status.TERMINEE, Status.ANNULEE)
SIGNED = (Status.SIGNEE, Status.TERMINEE)


@dataclass(frozen=True)
class Cast:
    """The demo rows the collaborations are made of, loaded once."""

    institutions: dict[str, Institution]
    people: dict[int, User]  # one demo user per institution, the référent first
    annonces: dict[str, Annonce]

    def person(self, institution: Institution, annonce: Annonce) -> User | None:
        """Who acts for `institution`: the annonce's author on its side."""
        if annonce.institution_id == institution.id and annonce.author is not None:
            return annonce.author
        return self.people.get(institution.id)


def _load_cast(domain: str) -> Cast:
    slugs = {slug for spec in DEMO_COLLABORATIONS
             for slug in (spec.provider, spec.beneficiary)}
    institutions = {i.slug: i for i in db.session.scalars(
        select(Institution).where(Institution.slug.in_(slugs)))}
    people: dict[int, User] = {}
    for user in db.session.scalars(
            select(User).where(User.email.endswith(f"@{domain}"))
            .order_by(User.is_referent.desc(), User.id)):
        people.setdefault(user.institution_id, user)
    annonces = {a.title: a for a in db.session.scalars(
        select(Annonce).where(Annonce.title.in_({s.annonce_title for s in DEMO_COLLABORATIONS}),
                              Annonce.institution_id.in_([i.id for i in institutions.values()]))
        .order_by(Annonce.id))}
    return Cast(institutions, people, annonces)


def seed_demo_collaborations(domain: str) -> int:
    """Create the missing demo collaborations; return how many were created."""
    cast = _load_cast(domain)
    existing = set(db.session.execute(select(Collaboration.annonce_id,
                                             Collaboration.description)).all())
    threads = set(db.session.execute(select(AnnonceMessage.annonce_id,
                                            AnnonceMessage.partner_id)).all())
    today = brussels_today()
    created = 0
    for spec in DEMO_COLLABORATIONS:
        annonce = cast.annonces.get(spec.annonce_title)
        provider = cast.institutions.get(spec.provider)
        beneficiary = cast.institutions.get(spec.beneficiary)
        if annonce is None or provider is None or beneficiary is None \
                or (annonce.id, spec.description) in existing:
            continue
        start, end = _dates(spec, today)
        contact_day = min(start - timedelta(days=14), today - timedelta(days=3))
        partner = beneficiary if annonce.institution_id == provider.id else provider
        if (annonce.id, partner.id) not in threads:
            _put_in_touch(cast, annonce, partner, contact_day)
            threads.add((annonce.id, partner.id))
        collaboration = _collaboration(cast, spec, annonce, provider, beneficiary,
                                       (start, end), contact_day)
        db.session.add(collaboration)
        if spec.status in SIGNED:
            _attach_signed_convention(cast, collaboration, contact_day)
        created += 1
    db.session.flush()
    return created


def _dates(spec: DemoCollaboration, today: date) -> tuple[date, date]:
    """Start and end; an ended collaboration is moved into the current year
    if its end would fall before 1 January (early in January)."""
    start = today + timedelta(days=spec.starts_in)
    end = start + timedelta(days=spec.days - 1)
    first_day = date(today.year, 1, 1)
    if spec.status == Status.TERMINEE and end < first_day:
        shift = first_day - end
        start, end = start + shift, end + shift
    return start, end


def _at(day: date, hour: int = 10) -> datetime:
    """That day at `hour` in Brussels, as a UTC instant never in the future."""
    moment = datetime.combine(day, time(hour), tzinfo=BRUSSELS).astimezone(UTC)
    return min(moment, utcnow())


def _put_in_touch(cast: Cast, annonce: Annonce, partner: Institution, day: date) -> None:
    """The answer of the partner and the author's reply, in their thread."""
    answerer = cast.people.get(partner.id)
    author = annonce.author or annonce.contact
    messages: list[tuple[Institution, User | None, str]] = [
        (partner, answerer, f"Bonjour, {partner.name} peut vous aider pour « {annonce.title} ». "
                            "Pouvons-nous convenir des dates et des modalités ?"),
        (annonce.institution, author, "Merci beaucoup ! Proposons une collaboration sur la "
                                      "plateforme, la convention sera pré-remplie."),
    ]
    for hour, (institution, sender, body) in enumerate(messages, start=9):
        message = AnnonceMessage(
            annonce=annonce, partner_id=partner.id, sender_institution_id=institution.id,
            sender=sender, body=f"{body}\n\n(Message de démonstration.)",
            created_at=_at(day, hour))
        db.session.add(message)
        db.session.flush()
        record_message(annonce, message)  # the thread's summary and read markers


def _collaboration(cast: Cast, spec: DemoCollaboration, annonce: Annonce,
                   provider: Institution, beneficiary: Institution,
                   dates: tuple[date, date], contact_day: date) -> Collaboration:
    proposer = cast.institutions[spec.proposer]
    responder = beneficiary if proposer.id == provider.id else provider
    decided = spec.status in DECIDED
    approval_day = min(contact_day + timedelta(days=4), brussels_today())
    collaboration = Collaboration(
        annonce=annonce, provider=provider, beneficiary=beneficiary, proposer=proposer,
        proposed_by=cast.person(proposer, annonce), kind=spec.kind, status=spec.status,
        start_date=dates[0], end_date=dates[1], description=spec.description,
        quantity=spec.quantity, days_planned=spec.days_planned, schedule=spec.schedule,
        place=spec.place, cost_terms=spec.cost_terms, daily_rate=spec.daily_rate,
        value_per_day=spec.value_per_day, notes=spec.notes, reason=spec.reason,
        decided_at=_at(contact_day + timedelta(days=3)) if decided else None,
        created_at=_at(contact_day + timedelta(days=2)),
        provider_approval_body=spec.provider_approval,
        provider_approved_on=approval_day if spec.provider_approval else None,
        beneficiary_approval_body=spec.beneficiary_approval,
        beneficiary_approved_on=approval_day if spec.beneficiary_approval else None,
    )
    if spec.status in (Status.REFUSEE, Status.ANNULEE):
        collaboration.stopped_by = (responder if spec.status == Status.REFUSEE
                                    else cast.institutions[spec.stopped_by])
    if spec.status == Status.TERMINEE:
        collaboration.ended_at = _at(dates[1], 17)
        collaboration.days_done = spec.days_done
        collaboration.returned_ok = spec.returned_ok
        collaboration.return_remark = spec.return_remark
    return collaboration


def _attach_signed_convention(cast: Cast, collaboration: Collaboration,
                              contact_day: date) -> None:
    """A signed convention (generated PDF), uploaded by the beneficiary."""
    signed_day = min(contact_day + timedelta(days=6), collaboration.start_date)
    collaboration.signed_at = _at(signed_day, 15)
    title = f"Convention signée – {collaboration.kind.label}"
    content = pdf_bytes(title, list(_convention_blocks(title, collaboration, signed_day)))
    stored = store_upload(FileStorage(io.BytesIO(content),
                                      filename=f"convention-signee-{signed_day}.pdf"),
                          frozenset({"pdf"}), 10 * MB)
    beneficiary = collaboration.beneficiary
    uploader = cast.person(beneficiary, collaboration.annonce)
    collaboration.signed_conventions.append(SignedConvention(
        institution=beneficiary, uploaded_by_id=uploader.id if uploader else None,
        original_name=stored.original_name, stored_name=stored.stored_name,
        content_type=stored.content_type, size=stored.size,
        created_at=collaboration.signed_at))


def _euros(value: Decimal | None) -> str:
    return f"{value:.2f} €".replace(".", ",") if value is not None else "—"


def _convention_blocks(title: str, collaboration: Collaboration,
                       signed_day: date) -> Iterable[tuple[str, str]]:
    provider, beneficiary = collaboration.provider, collaboration.beneficiary
    yield "title", title
    yield "notice", ("Document de démonstration, généré par la plateforme : il n'engage "
                     "aucune des institutions citées.")
    yield "heading", "Entre les parties"
    yield "paragraph", f"{provider.name}, ci-après « l'institution qui met à disposition »,"
    yield "paragraph", f"et {beneficiary.name}, ci-après « l'institution bénéficiaire »."
    yield "heading", "Objet"
    yield "paragraph", f"{collaboration.kind.label} : {collaboration.description}."
    yield "item", f"Quantité : {collaboration.quantity}"
    yield "item", (f"Période : du {date_fr(collaboration.start_date)} au "
                   f"{date_fr(collaboration.end_date)}")
    if collaboration.place:
        yield "item", f"Lieu : {collaboration.place}"
    yield "item", f"Conditions financières : {collaboration.cost_terms.label}"
    if collaboration.daily_rate is not None:
        yield "item", f"Tarif journalier : {_euros(collaboration.daily_rate)} HTVA"
    yield "heading", "Signatures"
    for institution, body in ((provider, collaboration.provider_approval_body),
                              (beneficiary, collaboration.beneficiary_approval_body)):
        decision = f" (sur décision du {body})" if body else ""
        yield "paragraph", (f"Pour {institution.name}{decision} : signé par ses "
                            f"représentants le {date_fr(signed_day)}.")
