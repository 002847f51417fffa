"""Newcomers: intake form, personal page, answers to proposals."""
from flask import Blueprint

bp = Blueprint("newcomers", __name__, url_prefix="/arrivee")
