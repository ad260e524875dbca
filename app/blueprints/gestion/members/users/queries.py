"""The list of users, searched by name, address or institution."""
from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import Institution, User, UserStatus
from app.web.pagination import page_number

PER_PAGE = 50
USER_STATUS_LABELS = {
    UserStatus.INVITED: "Invité (compte pas encore activé)",
    UserStatus.ACTIVE: "Actif",
    UserStatus.SUSPENDED: "Suspendu",
    UserStatus.ANONYMISED: "Anonymisé",
}


def list_users(search: str | None, page: int) -> Pagination:
    """Users with their institution, filtered by name, address or institution."""
    query = (select(User).join(User.institution).options(contains_eager(User.institution))
             .order_by(func.lower(User.name), User.id))
    if search:
        term = search.strip().lower()
        query = query.where(or_(
            func.lower(User.name).contains(term, autoescape=True),
            func.lower(User.email).contains(term, autoescape=True),
            func.lower(Institution.name).contains(term, autoescape=True),
        ))
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)
