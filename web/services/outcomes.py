"""What became of past proposals: the programme's history, as the engine learns from it.

Each proposal that reached an answer from the people concerned becomes one
`matcher.HistoryItem` (see `matcher.model.OUTCOMES`). The mapping, status by status:

- ``declined_by_volunteer``, ``declined_by_newcomer`` → ``"declined"``: one of the two
  people said no.
- ``expired`` → ``"expired"``: the volunteer did not answer in time.
- ``active`` for less than :data:`LASTING_AFTER` since activation → ``"accepted"``: both
  said yes, too recent to know more.
- ``active`` for :data:`LASTING_AFTER` or longer → ``"lasting"``.
- ``ended`` with reason ``completed`` → ``"lasting"``: the pairing reached its end as
  planned, however long it took.
- ``ended`` with ``not_working``, ``problem`` or ``withdrawn`` less than
  :data:`LASTING_AFTER` after activation (or never activated) → ``"ended_early"``; the
  same reasons after that → ``"lasting"``: the pair worked for three months, which is what
  the engine tries to predict, and a move or a change of life later says nothing about the
  match.

Left out: ``draft`` and ``proposed`` (no answer yet), ``accepted`` (the volunteer said
yes but the newcomer has not answered: the proposal counts once they do) and
``rejected`` (a coordinator set a draft aside before anyone saw it: their choice, not
the people's, so it says nothing about whether such pairs work).

The people are today's rows (the database keeps no past versions of a profile); people
who erased their data are gone with their proposals, and pairs where one person is not
placed in a neighbourhood are left out (the engine cannot score them).
"""
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import matcher
from matcher import learning
from web.models import Newcomer, Proposal, Volunteer
from web.services.engine_records import engine_newcomer, engine_volunteer

#: a pairing active this long (about three months) is a lasting one
LASTING_AFTER = timedelta(days=91)
#: statuses that carry an outcome (the others are left out, see the module's docstring)
ANSWERED_STATUSES = ("declined_by_volunteer", "declined_by_newcomer", "expired", "active",
                     "ended")


def outcome(status: str, now: datetime, activated_at: datetime | None,
            ended_at: datetime | None, end_reason: str | None) -> str | None:
    """The `matcher.OUTCOMES` value of one proposal, or None when it has none (yet)."""
    if status in ("declined_by_volunteer", "declined_by_newcomer"):
        return "declined"
    if status == "expired":
        return "expired"
    if status == "active":
        return "lasting" if activated_at and now - activated_at >= LASTING_AFTER else "accepted"
    if status == "ended":
        if end_reason == "completed":
            return "lasting"
        lasted = activated_at is not None and ended_at is not None \
            and ended_at - activated_at >= LASTING_AFTER
        return "lasting" if lasted else "ended_early"
    return None


def history(session: Session, now: datetime) -> tuple[matcher.HistoryItem, ...]:
    """Every answered proposal as a `matcher.HistoryItem`, oldest first.

    One query: the proposals' few dates joined to their two people, each person converted
    once however many proposals they had.
    """
    rows = session.execute(
        select(Proposal.status, Proposal.proposed_at, Proposal.created_at,
               Proposal.activated_at, Proposal.ended_at, Proposal.end_reason,
               Newcomer, Volunteer)
        .join(Newcomer, Newcomer.id == Proposal.newcomer_id)
        .join(Volunteer, Volunteer.id == Proposal.volunteer_id)
        .where(Proposal.status.in_(ANSWERED_STATUSES),
               # the engine scores only people placed in a neighbourhood
               Newcomer.neighbourhood_id.is_not(None), Volunteer.neighbourhood_id.is_not(None))
        .order_by(Proposal.id))
    newcomers: dict[int, matcher.Newcomer] = {}
    volunteers: dict[int, matcher.Volunteer] = {}
    items = []
    for status, proposed_at, created_at, activated_at, ended_at, end_reason, n, v in rows:
        result = outcome(status, now, activated_at, ended_at, end_reason)
        if result is None:
            continue
        if n.id not in newcomers:
            newcomers[n.id] = engine_newcomer(n)
        if v.id not in volunteers:
            volunteers[v.id] = engine_volunteer(v)
        items.append(matcher.HistoryItem(newcomer=newcomers[n.id], volunteer=volunteers[v.id],
                                         proposed_on=(proposed_at or created_at).date(),
                                         outcome=result))
    return tuple(items)


def counts(items) -> dict[str, int]:
    """How many history items have each outcome, in `matcher.OUTCOMES` order."""
    found = {name: 0 for name in matcher.OUTCOMES}
    for item in items:
        found[item.outcome] += 1
    return found


def model_report(session: Session, now: datetime):
    """What the engine learns from today's history, for the admin screen, whatever the
    switch says: (`matcher.ModelReport`, or None when no proposal has an outcome yet;
    outcome counts)."""
    # Imported here: matching imports this module to build the weekly run's problem.
    from web.services.matching import build_problem

    # No one to match: only the neighbourhoods, the settings and (switch on) the history.
    problem = build_problem(session, now, newcomers=[], volunteers=[])
    items = problem.history or history(session, now)
    found = counts(items)
    if not items:
        return None, found
    problem = replace(problem, history=items, settings=replace(problem.settings, learning="auto"))
    return learning.learn(problem).report, found


#: the predicted-chance bands of the calibration table: 0–20 %, 20–40 %, … 80–100 %
BAND_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
#: outcomes that will not change any more (an "accepted" pair may still end early)
FINAL_OUTCOMES = ("declined", "expired", "ended_early", "lasting")


@dataclass(frozen=True)
class Band:
    """Past proposals whose predicted chance fell in [low, high) (the last band includes
    1): how many now have a final outcome, and how many of them said yes and lasted."""

    low: float
    high: float
    proposals: int
    lasting: int

    @property
    def share(self) -> float | None:
        """The share that said yes and lasted (None for an empty band)."""
        return self.lasting / self.proposals if self.proposals else None


def calibration(session: Session, now: datetime) -> list[Band]:
    """Were the learned model's predictions right? Proposals stored with a predicted chance
    of success and a final outcome (`FINAL_OUTCOMES`: "accepted" is left out, too recent
    to say), grouped by predicted band, with the share that became "lasting". One query."""
    rows = session.execute(
        select(Proposal.predicted_success, Proposal.status, Proposal.activated_at,
               Proposal.ended_at, Proposal.end_reason)
        .where(Proposal.predicted_success.is_not(None),
               Proposal.status.in_(ANSWERED_STATUSES)))
    last = len(BAND_EDGES) - 2
    proposals, lasting = [0] * (last + 1), [0] * (last + 1)
    for predicted, status, activated_at, ended_at, end_reason in rows:
        result = outcome(status, now, activated_at, ended_at, end_reason)
        if result not in FINAL_OUTCOMES:
            continue
        assert predicted is not None  # the query keeps only predicted proposals
        band = min(bisect_right(BAND_EDGES, predicted) - 1, last)
        proposals[band] += 1
        lasting[band] += result == "lasting"
    return [Band(BAND_EDGES[k], BAND_EDGES[k + 1], proposals[k], lasting[k])
            for k in range(last + 1)]
