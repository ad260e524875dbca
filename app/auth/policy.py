"""The access policy: for every endpoint (and method), who may use it.

This table is the single source of truth; `app.auth.enforcement` enforces it before every
request and `tests/test_policy.py` walks `app.url_map` against it, failing on
any endpoint missing here. Checks on individual objects (an annonce of
institution A) live in the services, on top of this.
"""
from __future__ import annotations

import enum


class Access(enum.Enum):
    PUBLIC = "public"  # anyone, logged in or not
    MEMBER = "member"  # an active user of an active member institution
    REFERENT = "referent"  # the référent of their institution
    MANAGER = "manager"  # a platform manager


# endpoint -> Access, or {method: Access} when methods differ.
POLICY: dict[str, Access | dict[str, Access]] = {
    "static": Access.PUBLIC,
    # public pages
    "public.home": Access.PUBLIC,
    "public.accessibility": Access.PUBLIC,
    "public.privacy": Access.PUBLIC,
    "public.health": Access.PUBLIC,
    # registration
    "inscription.register": Access.PUBLIC,
    "inscription.validate_field": Access.PUBLIC,
    "inscription.sent": Access.PUBLIC,
    "inscription.decision": Access.MANAGER,
    # accounts
    "comptes.login": Access.PUBLIC,
    "comptes.logout": Access.MEMBER,
    "comptes.forgot_password": Access.PUBLIC,
    "comptes.reset_password": Access.PUBLIC,
    "comptes.activate": Access.PUBLIC,
    "comptes.accept_invitation": Access.PUBLIC,
    "comptes.profile": Access.MEMBER,
    "comptes.change_password": Access.MEMBER,
    "comptes.change_email": Access.MEMBER,
    "comptes.notifications": Access.MEMBER,
    "comptes.my_data": Access.MEMBER,
    "comptes.colleagues": Access.REFERENT,
    "comptes.remove_colleague": Access.REFERENT,
    "comptes.hand_over": Access.REFERENT,
    # annonces (per-object checks in app/blueprints/annonces/access.py)
    "annonces.index": Access.MEMBER,
    "annonces.new": Access.MEMBER,
    "annonces.detail": Access.MEMBER,
    "annonces.edit": Access.MEMBER,
    "annonces.close": Access.MEMBER,
    "annonces.reopen": Access.MEMBER,
    "annonces.hide": Access.MANAGER,
    "annonces.unhide": Access.MANAGER,
    "annonces.report": Access.MEMBER,
    "annonces.attachment": Access.MEMBER,
    "annonces.delete_attachment": Access.MEMBER,
    "annonces.answer": Access.MEMBER,
    "annonces.reply": Access.MEMBER,
    "annonces.alerts": Access.MEMBER,
    "annonces.save_alert": Access.MEMBER,
    "annonces.delete_alert": Access.MEMBER,
    "annonces.delivery": Access.MEMBER,
    # document templates (members)
    "modeles.index": Access.MEMBER,
    "modeles.detail": Access.MEMBER,
    "modeles.download": Access.MEMBER,
    "modeles.download_version": Access.MEMBER,
    # supra-communal missions (members)
    "missions.index": Access.MEMBER,
    "missions.detail": Access.MEMBER,
    "missions.document": Access.MEMBER,
    # purchasing centrals (public; joining is for members)
    "centrales.index": Access.PUBLIC,
    "centrales.detail": Access.PUBLIC,
    "centrales.document": Access.PUBLIC,
    "centrales.feed": Access.PUBLIC,
    "centrales.calendar": Access.PUBLIC,
    "centrales.adhere": Access.MEMBER,
    # collaborations (per-object checks in app/blueprints/collaborations/access.py:
    # the two institutions, managers read only); the private calendar's key is its token
    "collaborations.index": Access.MEMBER,
    "collaborations.propose": Access.MEMBER,
    "collaborations.detail": Access.MEMBER,
    "collaborations.accept": Access.MEMBER,
    "collaborations.refuse": Access.MEMBER,
    "collaborations.cancel": Access.MEMBER,
    "collaborations.sign": Access.MEMBER,
    "collaborations.end": Access.MEMBER,
    "collaborations.approval": Access.MEMBER,
    "collaborations.convention": Access.MEMBER,
    "collaborations.signed_convention": Access.MEMBER,
    "collaborations.feed": Access.PUBLIC,
    "collaborations.renew_feed": Access.MEMBER,
    "collaborations.calendar": Access.MEMBER,
    # the member's workspace
    "espace.index": Access.MEMBER,
    # conversations; the counter is polled by the header: public, so that an
    # expired session stops polling instead of loading the login page
    "echanges.index": Access.MEMBER,
    "echanges.counter": Access.PUBLIC,
    # member directory
    "membres.index": Access.MEMBER,
    "membres.detail": Access.MEMBER,
    # back office
    "gestion.index": Access.MANAGER,
    "gestion.registrations": Access.MANAGER,
    "gestion.decide_registration": Access.MANAGER,
    "gestion.emails": Access.MANAGER,
    "gestion.email_detail": Access.MANAGER,
    "gestion.retry_email": Access.MANAGER,
    "gestion.users": Access.MANAGER,
    "gestion.set_manager": Access.MANAGER,
    "gestion.markdown_preview": Access.MANAGER,
    "gestion.help": Access.MANAGER,
    "gestion.resend_decision_email": Access.MANAGER,
    # back office: institutions and users
    "gestion.institutions": Access.MANAGER,
    "gestion.institution_new": Access.MANAGER,
    "gestion.institution_detail": Access.MANAGER,
    "gestion.institution_suspend": Access.MANAGER,
    "gestion.institution_retire": Access.MANAGER,
    "gestion.institution_referent": Access.MANAGER,
    "gestion.user_suspend": Access.MANAGER,
    "gestion.user_anonymise": Access.MANAGER,
    # back office: moderation, journal, statistics, exports
    "gestion.annonces": Access.MANAGER,
    "gestion.province_requests": Access.MANAGER,
    "gestion.dismiss_reports": Access.MANAGER,
    "gestion.journal": Access.MANAGER,
    "gestion.statistics": Access.MANAGER,
    "gestion.export": Access.MANAGER,
    # back office: templates
    "gestion.templates": Access.MANAGER,
    "gestion.template_new": Access.MANAGER,
    "gestion.template_edit": Access.MANAGER,
    "gestion.template_version": Access.MANAGER,
    "gestion.template_publish": Access.MANAGER,
    "gestion.template_move": Access.MANAGER,
    # back office: missions
    "gestion.missions": Access.MANAGER,
    "gestion.mission_new": Access.MANAGER,
    "gestion.mission_edit": Access.MANAGER,
    "gestion.mission_publish": Access.MANAGER,
    "gestion.mission_move": Access.MANAGER,
    "gestion.mission_document_add": Access.MANAGER,
    "gestion.mission_document_delete": Access.MANAGER,
    # back office: purchasing centrals and adhesions
    "gestion.centrales": Access.MANAGER,
    "gestion.centrale_new": Access.MANAGER,
    "gestion.centrale_edit": Access.MANAGER,
    "gestion.centrale_publish": Access.MANAGER,
    "gestion.centrale_move": Access.MANAGER,
    "gestion.centrale_document_add": Access.MANAGER,
    "gestion.centrale_document_delete": Access.MANAGER,
    "gestion.centrale_adherents": Access.MANAGER,
    "gestion.centrale_adherents_csv": Access.MANAGER,
    "gestion.adhesion_decide": Access.MANAGER,
}


def access_for(endpoint: str | None, method: str) -> Access | None:
    """The access rule of an endpoint, or None when the table lacks it."""
    rule = POLICY.get(endpoint or "")
    if isinstance(rule, dict):
        return rule.get(method) or rule.get("*")
    return rule
