"""Blueprints: one per kind of user, plus the public pages."""
