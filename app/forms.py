"""Forms shared across sections."""
from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A CSRF-protected form for button-only POSTs."""
