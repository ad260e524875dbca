"""The collaboration fixtures, shared with tests/collaborations."""
from tests.collaborations.conftest import in_touch, make_collaboration, pair  # noqa: F401
