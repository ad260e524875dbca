"""Mise en relation: answering an annonce and the conversations that follow."""
