"""Coordinators' workspace under /coordination/."""
from flask import Blueprint

bp = Blueprint("coordinators", __name__, url_prefix="/coordination")
