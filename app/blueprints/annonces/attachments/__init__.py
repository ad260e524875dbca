"""Files joined to an annonce."""
