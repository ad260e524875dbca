"""Publishing and managing one annonce: create, show, edit, close, reopen,
and hiding by a platform manager."""
