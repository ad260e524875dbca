"""The steps after a proposal: accept, refuse, sign, end, cancel, approval;
who may take them, in which state, with and without htmx."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from app.localtime import brussels_today
from app.models import CollaborationKind, CollaborationStatus, InstitutionKind
from tests.annonces.manage_helpers import PDF_BYTES, stored_files
from tests.collaborations.helpers import audit, emails, post

Status = CollaborationStatus
HTMX = {"HX-Request": "true"}


@pytest.fixture()
def clients(auth, pair):
    author, partner = pair
    return {"author": auth.client_for(author), "partner": auth.client_for(partner)}


def url(collaboration, step: str = "") -> str:
    return f"/collaborations/{collaboration.id}" + (f"/{step}" if step else "")


def state(db, collaboration):
    db.session.expire_all()
    return db.session.get(type(collaboration), collaboration.id)


def test_accept_by_the_other_side(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair)  # the author proposed
    page = clients["partner"].get(url(collaboration)).get_data(as_text=True)
    assert "Accepter la collaboration" in page and "Refuser la proposition" in page
    assert "Accepter" not in clients["author"].get(url(collaboration)).get_data(as_text=True)

    wrong = post(clients["author"], url(collaboration, "accepter"))
    assert wrong.status_code == 200
    assert "C&#39;est à CPAS de Paliseul d&#39;accepter" in wrong.get_data(as_text=True)
    assert state(db, collaboration).status == Status.PROPOSEE

    done = post(clients["partner"], url(collaboration, "accepter"))
    assert done.status_code == 303 and done.headers["Location"] == url(collaboration)
    assert state(db, collaboration).status == Status.ACCEPTEE
    assert state(db, collaboration).decided_at is not None
    [email] = emails(db)
    assert email.recipient == pair[0].email
    assert "accepte la collaboration" in email.subject
    assert audit(db) == ["collaboration.accepted"]

    again = post(clients["partner"], url(collaboration, "accepter"))
    assert again.status_code == 200
    assert "la collaboration est maintenant « Acceptée »" in again.get_data(as_text=True)
    assert len(emails(db)) == 1


def test_refuse_needs_a_reason_and_keeps_it(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair)
    empty = post(clients["partner"], url(collaboration, "refuser"), {"reason": "  "})
    assert empty.status_code == 200 and "Indiquez le motif." in empty.get_data(as_text=True)
    assert state(db, collaboration).status == Status.PROPOSEE

    done = post(clients["partner"], url(collaboration, "refuser"),
                {"reason": "Notre agent est indisponible."}, headers=HTMX)
    assert done.status_code == 200
    html = done.get_data(as_text=True)
    assert 'id="collaboration"' in html and "<html" not in html
    assert "Notre agent est indisponible." in html
    refused = state(db, collaboration)
    assert refused.status == Status.REFUSEE and refused.stopped_by_id == pair[1].institution_id
    [email] = emails(db)
    assert "Notre agent est indisponible." in email.body_text


def test_other_institutions_get_404_and_managers_only_look(db, pair, make_collaboration, auth,
                                                          make_user, make_institution,
                                                          manager):
    collaboration = make_collaboration(*pair)
    third = auth.client_for(make_user(institution=make_institution(InstitutionKind.CPAS)))
    for path in ("", "/convention.docx", "/convention-signee.pdf"):
        assert third.get(url(collaboration) + path).status_code == 404
    for step in ("accepter", "refuser", "annuler", "terminer", "approbation",
                 "convention-signee"):
        assert post(third, url(collaboration, step), {"reason": "x"}).status_code == 404
    assert manager.get(url(collaboration)).status_code == 200
    refused = post(manager, url(collaboration, "accepter"))
    assert "Seules les deux institutions" in refused.get_data(as_text=True)
    assert state(db, collaboration).status == Status.PROPOSEE
    assert third.get("/collaborations/999999").status_code == 404


def test_signed_convention_upload_and_download(db, app, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair, status=Status.ACCEPTEE)
    before = stored_files(app)
    text = post(clients["author"], url(collaboration, "convention-signee"),
                {"file": (io.BytesIO(b"not a pdf"), "convention.pdf")})
    assert text.status_code == 200
    assert state(db, collaboration).status == Status.ACCEPTEE
    assert stored_files(app) == before
    missing = post(clients["author"], url(collaboration, "convention-signee"), {})
    assert "Choisissez le fichier PDF" in missing.get_data(as_text=True)

    done = post(clients["author"], url(collaboration, "convention-signee"),
                {"file": (io.BytesIO(PDF_BYTES), "convention signée.pdf")})
    assert done.status_code == 303
    signed = state(db, collaboration)
    assert signed.status == Status.SIGNEE and signed.signed_at is not None
    download = clients["partner"].get(url(collaboration, "convention-signee.pdf"))
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert "attachment" in download.headers["Content-Disposition"]
    assert emails(db)[-1].recipient == pair[1].email
    assert audit(db) == ["collaboration.signed"]


def test_signing_a_refused_collaboration_is_refused(db, app, pair, clients,
                                                   make_collaboration):
    collaboration = make_collaboration(*pair, status=Status.REFUSEE)
    before = stored_files(app)
    response = post(clients["author"], url(collaboration, "convention-signee"),
                    {"file": (io.BytesIO(PDF_BYTES), "c.pdf")})
    assert "maintenant « Refusée »" in response.get_data(as_text=True)
    assert stored_files(app) == before


def test_staff_end_by_the_beneficiary_with_days_done(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair, status=Status.SIGNEE, start_in=-5, days=3)
    # the provider (partner) lends staff: the beneficiary (author) counts the days
    wrong = post(clients["partner"], url(collaboration, "terminer"), {"days_done": "3"})
    assert "C&#39;est à Commune de Bouillon" in wrong.get_data(as_text=True)
    too_many = post(clients["author"], url(collaboration, "terminer"), {"days_done": "4"})
    assert "entre 0 et 3" in too_many.get_data(as_text=True)
    not_number = post(clients["author"], url(collaboration, "terminer"), {"days_done": "trois"})
    assert "Indiquez un nombre entier" in not_number.get_data(as_text=True)
    assert state(db, collaboration).status == Status.SIGNEE

    done = post(clients["author"], url(collaboration, "terminer"), {"days_done": "2"})
    assert done.status_code == 303
    ended = state(db, collaboration)
    assert ended.status == Status.TERMINEE and ended.days_done == 2
    assert "Jours prestés : 2." in emails(db)[-1].body_text


def test_equipment_end_by_the_provider(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair, kind=CollaborationKind.MATERIEL,
                                       status=Status.ACCEPTEE, start_in=-2, quantity=2)
    no_remark = post(clients["partner"], url(collaboration, "terminer"), {"returned_ok": "non"})
    assert "Décrivez ce qui manque" in no_remark.get_data(as_text=True)
    done = post(clients["partner"], url(collaboration, "terminer"),
                {"returned_ok": "non", "remark": "Un feu arrière cassé."})
    assert done.status_code == 303
    ended = state(db, collaboration)
    assert ended.returned_ok is False and ended.return_remark == "Un feu arrière cassé."


def test_cannot_end_before_the_start(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair, status=Status.SIGNEE, start_in=2)
    page = clients["author"].get(url(collaboration)).get_data(as_text=True)
    assert "Marquer comme terminée" not in page
    response = post(clients["author"], url(collaboration, "terminer"), {"days_done": "1"})
    assert "pas encore commencé" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", [Status.PROPOSEE, Status.ACCEPTEE, Status.SIGNEE])
def test_cancel_by_either_side(db, pair, clients, make_collaboration, status):
    collaboration = make_collaboration(*pair, status=status)
    done = post(clients["author"], url(collaboration, "annuler"),
                {"reason": "La personne est revenue."})
    assert done.status_code == 303
    cancelled = state(db, collaboration)
    assert cancelled.status == Status.ANNULEE and cancelled.reason == "La personne est revenue."
    again = post(clients["partner"], url(collaboration, "annuler"), {"reason": "Aussi."})
    assert "maintenant « Annulée »" in again.get_data(as_text=True)


@pytest.mark.parametrize("status", [Status.TERMINEE, Status.REFUSEE])
def test_no_cancel_once_over(db, pair, clients, make_collaboration, status):
    collaboration = make_collaboration(*pair, status=status)
    response = post(clients["author"], url(collaboration, "annuler"), {"reason": "Trop tard."})
    assert response.status_code == 200
    assert state(db, collaboration).status == status


def test_approval_of_each_side(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair, status=Status.ACCEPTEE)
    today = brussels_today()
    future = post(clients["partner"], url(collaboration, "approbation"), {
        "body": "Conseil de l'action sociale",
        "approved_on": (today + timedelta(days=1)).isoformat()})
    assert "ne peut pas être dans le futur" in future.get_data(as_text=True)
    wrong_body = post(clients["partner"], url(collaboration, "approbation"), {
        "body": "Collège communal", "approved_on": today.isoformat()})
    assert "Choisissez une autorité dans la liste" in wrong_body.get_data(as_text=True)
    done = post(clients["partner"], url(collaboration, "approbation"), {
        "body": "Conseil de l'action sociale", "approved_on": today.isoformat()})
    assert done.status_code == 303
    approved = state(db, collaboration)
    assert approved.provider_approval_body == "Conseil de l'action sociale"
    assert approved.provider_approved_on == today and approved.beneficiary_approved_on is None
    assert "Conseil de l&#39;action sociale" in clients["author"].get(
        url(collaboration)).get_data(as_text=True)


def test_csrf_is_required(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair)
    assert clients["partner"].post(url(collaboration, "accepter")).status_code == 400
    assert state(db, collaboration).status == Status.PROPOSEE


def test_the_list_groups_by_what_to_do(db, pair, clients, make_collaboration):
    author, partner = pair
    to_answer = make_collaboration(author, partner, description="Réponse attendue")
    current = make_collaboration(author, partner, status=Status.SIGNEE, start_in=-1, days=5,
                                 description="Agent présent")
    past = make_collaboration(author, partner, status=Status.TERMINEE, start_in=-30,
                              description="Déjà fini")
    html = clients["partner"].get("/collaborations").get_data(as_text=True)
    sections = {key: html.index(f'id="{key}-title"') for key in ("a-faire", "en-cours",
                                                                   "passees")}
    assert sections["a-faire"] < html.index(to_answer.description) < sections["en-cours"]
    assert sections["en-cours"] < html.index(current.description) < sections["passees"]
    assert sections["passees"] < html.index(past.description)
    assert "Accepter ou refuser la proposition" in html


def test_ending_early_stops_the_period_today(db, pair, clients, make_collaboration):
    collaboration = make_collaboration(*pair, status=Status.SIGNEE, start_in=-2, days=10)
    post(clients["author"], url(collaboration, "terminer"), {"days_done": "3"})
    assert state(db, collaboration).end_date == brussels_today()
