"""Volunteers (parrains, marraines): signup, personal page, answers to proposals."""
from flask import Blueprint

bp = Blueprint("volunteers", __name__, url_prefix="/benevole")
