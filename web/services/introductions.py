"""Introductions: once both said yes, each person learns who the other is and how to reach them.

Contact details travel only here, never before the pairing is active.
"""
from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from matcher.labels import Labels
from matcher.slots import mask_to_slots
from web.models import Proposal
from web.services import first_outing
from web.services.proposals import reasons_for
from web.services.reference import interests, label_map, languages, load_town


def shared_contact(person) -> dict:
    """The contact the person chose to give their buddy."""
    contact = {}
    if person.shared_contact in ("email", "both") and person.email:
        contact["email"] = person.email
    if person.shared_contact in ("phone", "both") and person.phone:
        contact["phone"] = person.phone
    if not contact:  # the chosen one was removed since: give what there is
        contact = {k: v for k, v in (("email", person.email), ("phone", person.phone)) if v}
    return contact


#: how much of a person's own few words ("about") the other reads before saying yes
ABOUT_SHOWN = 400


def shorten(text: str | None, limit: int = ABOUT_SHOWN) -> str:
    """The text cut at a word boundary near `limit` characters, with an ellipsis when cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def pair_summary(session: Session, proposal: Proposal, recipient, other, locale: str) -> dict:
    """What one person may know of the other before the introduction, in the reader's
    language: first name, neighbourhood, languages, what they share, the other's own few
    words and the engine's reasons. Never contact details (they come with `shared_contact`
    at the introduction only)."""
    names = label_map(interests(), locale)
    language_names = label_map(languages(), locale)
    shared = mask_to_slots(recipient.availability & other.availability)
    return {
        "other_name": other.first_name,
        "other_neighbourhood": other.neighbourhood.name if other.neighbourhood else None,
        "other_languages": [language_names.get(code, code) for code in other.languages],
        "shared_interests": [names.get(tag, tag) for tag in
                             sorted(set(recipient.interests) & set(other.interests))],
        # grouped like the engine's reasons: "mardi et mercredi après-midi, samedi matin"
        "shared_slots": Labels(locale).slots(shared, limit=len(shared))[0] if shared else "",
        "other_about": shorten(other.about),
        "reasons": reasons_for(proposal, locale),
    }


def introduction_context(session: Session, now: datetime, proposal: Proposal, recipient,
                         other, locale: str | None = None) -> dict:
    """Everything one introduction e-mail or page says, in the recipient's language; the
    first outing is a dated activity of the coming weeks (`web.services.first_outing`)."""
    locale = locale or recipient.locale
    town = load_town(current_app.config["TOWN_FILE"])
    context = pair_summary(session, proposal, recipient, other, locale)
    context.update(other_contact=shared_contact(other),
                   meeting=first_outing.meeting(session, now, proposal, locale),
                   coordinator_contact=town.coordinator_contact)
    return context


def introduce(session: Session, now: datetime, proposal: Proposal) -> None:
    """Queue the introduction e-mail to both people."""
    from web.services.notify import email_person, page_url, personal_url

    pairs = ((proposal.newcomer, proposal.volunteer), (proposal.volunteer, proposal.newcomer))
    for recipient, other in pairs:
        context = introduction_context(session, now, proposal, recipient, other)
        outing = context["meeting"]["outing"]
        # the calendar file lives under the long, signed page address (no short form)
        calendar = f"{page_url(now, recipient)}/agenda/{outing['key']}.ics" if outing else None
        email_person(session, now, recipient, "introduction",
                     link_url=personal_url(now, recipient), calendar_url=calendar, **context)
