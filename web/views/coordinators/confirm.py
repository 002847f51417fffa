"""A confirmation step for bulk or irreversible actions, without JavaScript.

The action's form posts as before. When the post does not carry `confirm=yes`, the view
answers with a page saying what will happen, with the count read from the database, and
the same form again (same fields, fresh CSRF token) with a "Yes" button:

    if not confirmed():
        return ask(ngettext("Envoyer %(num)d proposition ?", ..., n), _("Oui, envoyer"),
                   cancel_url=url_for("coordinators.review"))
"""
from flask import render_template, request


def confirmed() -> bool:
    """Did the coordinator confirm (the "Yes" button of the confirmation page)?"""
    return request.form.get("confirm") == "yes"


def ask(question: str, button: str, cancel_url: str, detail: str = "", danger: bool = False):
    """The confirmation page: `question` with its count, what follows in `detail`, a button
    that posts the same form to the same address again with confirm=yes."""
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name not in ("csrf_token", "confirm")]
    action = request.script_root + request.full_path.rstrip("?")
    return render_template("coordinators/confirm.html", question=question, detail=detail,
                           button=button, cancel_url=cancel_url, fields=fields, action=action,
                           danger=danger)
