"""One factory for the two personal-page blueprints (newcomers, volunteers).

Both kinds of people have the same pages under their personal link: profile edit, end of a
pairing, problem report, data download and summary, erasure. Only the real differences are
parameters; what differs more (the page itself, answers to proposals, pause or absence) is
added by web.views.newcomers and web.views.volunteers on the blueprint this returns.
"""
from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from web import clock
from web.db import get_session
from web.services import ServiceError, people
from web.views import personal
from web.views.personal import BLUEPRINT, grid_labels, person_or_error_page, prepare


def make_blueprint(kind: str, import_name: str, url_prefix: str, *, profile_form,
                   dropped_fields: tuple[str, ...], extra_fields: str,
                   profile_refused: Callable | None = None) -> Blueprint:
    """The blueprint of `kind`'s personal pages, with the routes both kinds share.

    `profile_form` is the signup form, without `dropped_fields` (what only signing up asks);
    `extra_fields` the template of the kind's own profile fields; `profile_refused(form,
    person)` puts the error on the form when the service refuses a profile change (a kind
    without it never has one refused).
    """
    bp = Blueprint(BLUEPRINT[kind], import_name, url_prefix=url_prefix)

    @bp.route("/<token>/profil", methods=["GET", "POST"])
    def profile(token):
        """Edit one's profile; errors keep what was typed."""
        person = person_or_error_page(kind, token)
        form = prepare(profile_form(data=people.profile_data(person)))
        for name in dropped_fields:
            delattr(form, name)
        if form.validate_on_submit():
            db = get_session()
            try:
                people.update_profile(db, clock.utcnow(), person, form.data)
            except ServiceError:
                if profile_refused is None:
                    raise
                db.rollback()
                profile_refused(form, person)
            else:
                db.commit()
                flash(_("Vos informations sont enregistrées."), "success")
                return redirect(url_for(".page", token=token))
        return render_template("personal/profile.html", form=form, extra_fields=extra_fields,
                               back=url_for(".page", token=token), **grid_labels())

    @bp.post("/<token>/propositions/<int:proposal_id>/fin")
    def end(token, proposal_id):
        """End an active pairing with a reason."""
        return personal.end_pairing(kind, token, proposal_id)

    @bp.post("/<token>/propositions/<int:proposal_id>/probleme")
    def problem(token, proposal_id):
        """Report a problem: the coordinators are alerted at once."""
        return personal.report_problem(kind, token, proposal_id)

    @bp.get("/<token>/donnees")
    def download(token):
        """Everything we store about the person, as a JSON file."""
        return personal.download_data(kind, token)

    @bp.get("/<token>/donnees/resume")
    def data_summary(token):
        """In plain words, what the data download holds."""
        return personal.data_summary(kind, token)

    @bp.route("/<token>/supprimer", methods=["GET", "POST"])
    def erase(token):
        """Withdraw and erase one's data, after a confirmation."""
        return personal.erase(kind, token)

    return bp
