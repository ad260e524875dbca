"""The collaboration pages run the same number of statements with 2 or 20
collaborations: no query per row."""
from __future__ import annotations

import pytest

from app.models import CollaborationStatus
from tests.helpers import count_queries

STATES = [CollaborationStatus.PROPOSEE, CollaborationStatus.ACCEPTEE,
          CollaborationStatus.SIGNEE, CollaborationStatus.TERMINEE,
          CollaborationStatus.ANNULEE]


def grow(make_collaboration, pair, annonce, count: int) -> None:
    for number in range(count):
        make_collaboration(*pair, annonce=annonce, status=STATES[number % len(STATES)],
                           start_in=number - 10)


@pytest.mark.parametrize("page", ["/collaborations", "/annonces/{annonce}",
                                  "/collaborations/{first}"])
def test_query_count_is_flat(db, auth, pair, in_touch, make_collaboration, page):
    annonce = in_touch(*pair)
    first = make_collaboration(*pair, annonce=annonce)
    grow(make_collaboration, pair, annonce, 1)
    client = auth.client_for(pair[0])
    path = page.format(annonce=annonce.id, first=first.id)
    few = count_queries(client, path)
    grow(make_collaboration, pair, annonce, 20)
    assert count_queries(client, path) == few
