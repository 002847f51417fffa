"""A matching run: database rows → the engine's plain data → proposals and a run record.

`matcher` never sees the database; this module is the only translation between them.
"""
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

import matcher
from web.models import MatchRun, Neighbourhood, Newcomer, Proposal, Setting, Volunteer
from web.models.people import LOCALES
from web.models.proposals import EXCLUDING_STATUSES, LOAD_STATUSES
from web.services import audit, engine_settings, outcomes
from web.services.engine_records import engine_newcomer, engine_volunteer
from web.services.outbox import insert_rows
from web.services.proposals import PlannedPair, proposal_message_row, write_run_proposals
from web.services.reference import interests, label_map, languages

#: one advisory lock shared by every matching run (weekly, by hand, from the CLI)
ADVISORY_LOCK_KEY = 720_315_001
#: Setting keys and their defaults
REVIEW_SETTING = "review_proposals"
ENGINE_SETTINGS = "engine_settings"


def setting(session: Session, key: str, default):
    row = session.get(Setting, key)
    return default if row is None else row.value


def labels(locale: str) -> dict:
    """Our own lists' names, so reasons say « Intérêts communs : jeux de société »."""
    return {"languages": label_map(languages(), locale),
            "interests": label_map(interests(), locale)}


@lru_cache(maxsize=1)
def all_labels() -> dict:
    """{locale: labels(locale)} for every interface language (names in the reader's); the
    lists are data files read once, so this is built once per process. Callers must not
    change it."""
    return {locale: labels(locale) for locale in LOCALES}


def stored_reasons(pair) -> dict:
    """A pair's reasons as a proposal stores them: {locale: [sentence, ...]} for all 8."""
    return {code: list(said) for code, said in pair.reasons_by_lang.items()}


def in_language(pair, locale: str):
    """The same engine pair (or explanation) with its reasons in `locale`."""
    changes = {"reasons": pair.reasons_by_lang[locale]}
    if getattr(pair, "violations_by_lang", None):
        changes["violations"] = pair.violations_by_lang[locale]
    return replace(pair, **changes)


def waiting_for_a_buddy():
    """THE definition of "waiting" that every page counts: newcomers whose status is
    waiting (not paused, not paired, not gone) with no proposal open (draft, sent or
    accepted). Those not yet placed in a neighbourhood wait too: a coordinator places
    them; a run only considers the placed ones (`_waiting_query`)."""
    busy = select(Proposal.newcomer_id).where(Proposal.status.in_(LOAD_STATUSES))
    return select(Newcomer).where(Newcomer.status == "waiting", Newcomer.id.not_in(busy))


def _waiting_query():
    return waiting_for_a_buddy().where(Newcomer.neighbourhood_id.is_not(None))


def _available_query(now: datetime):
    return select(Volunteer).where(
        Volunteer.vetting_status == "approved", Volunteer.status == "active",
        Volunteer.neighbourhood_id.is_not(None), Volunteer.load < Volunteer.capacity,
        or_(Volunteer.paused_until.is_(None), Volunteer.paused_until <= now.date()))


def waiting_newcomers(session: Session):
    """Newcomers waiting for a buddy, placed in a neighbourhood, with nothing open."""
    return session.scalars(_waiting_query().order_by(Newcomer.id)).all()


def available_volunteers(session: Session, now: datetime):
    """Vetted, active, not away, with a free place."""
    return session.scalars(_available_query(now).order_by(Volunteer.id)).all()


def count_ready(session: Session, now: datetime) -> dict:
    """How many newcomers wait (the dashboard's count), how many of them a run cannot
    consider yet (no neighbourhood), and how many volunteers could be proposed."""
    def count(query):
        return session.scalar(select(func.count()).select_from(query.subquery()))
    unplaced = waiting_for_a_buddy().where(Newcomer.neighbourhood_id.is_(None))
    return {"newcomers": count(waiting_for_a_buddy()), "unplaced": count(unplaced),
            "volunteers": count(_available_query(now))}


def lock_matching(session: Session) -> None:
    """Serialise matching runs on PostgreSQL until the end of the transaction.

    SQLite needs nothing: it has one writer at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def build_problem(session: Session, now: datetime, newcomers=None,
                  volunteers=None) -> matcher.Problem:
    """The engine's input for the current waiting list and available volunteers.

    With the admin's "learned model" switch on (`engine_settings.model`), the problem also
    carries the programme's past outcomes (`outcomes.history`) and ``learning="auto"``;
    otherwise ``learning="off"`` and no history is read.
    """
    newcomers = waiting_newcomers(session) if newcomers is None else newcomers
    volunteers = available_volunteers(session, now) if volunteers is None else volunteers
    overrides = dict(setting(session, ENGINE_SETTINGS, {}) or {})
    learned = engine_settings.model(session) == "learned"
    overrides["learning"] = "auto" if learned else "off"
    excluded = session.execute(select(Proposal.newcomer_id, Proposal.volunteer_id)
                               .where(Proposal.status.in_(EXCLUDING_STATUSES))).all()
    return matcher.Problem(
        neighbourhoods=tuple(matcher.Neighbourhood(n.id, n.name, n.lat, n.lon)
                             for n in session.scalars(select(Neighbourhood))),
        newcomers=tuple(engine_newcomer(n) for n in newcomers),
        volunteers=tuple(engine_volunteer(v) for v in volunteers),
        settings=matcher.Settings(today=now.date(), **overrides),
        excluded_pairs=frozenset((n, v) for n, v in excluded),
        history=outcomes.history(session, now) if learned else ())


def configured_engine(session: Session, now: datetime, newcomers=None, volunteers=None):
    """The engine as the admin configured it, for ranking one newcomer's volunteers or
    explaining one pair as the weekly run would: (`build_problem`'s problem, what
    `matcher.learning.learn` made of its history, or None with the default weights).

    Learning costs a fit and a time split: pass the result to `matcher.rank_volunteers` /
    `matcher.explain_pair` (``learned=``). It is also kept on the session for the same
    input, so a request that asks twice (a refused form shown again) learns once."""
    problem = build_problem(session, now, newcomers, volunteers)
    if not problem.history or problem.settings.learning != "auto":
        return problem, None
    from matcher import learning  # scikit-learn only when there is something to learn

    # learn() reads only these: the same key is the same model (it is deterministic)
    key = (problem.neighbourhoods, problem.history, repr(problem.settings))
    kept = session.info.get("learned_model")
    if kept is None or kept[0] != key:
        kept = session.info["learned_model"] = (key, learning.learn(problem))
    return problem, kept[1]


@dataclass
class RunOutcome:
    """What a run did (or, for a dry run, would do)."""

    run: MatchRun | None
    pairs: list = field(default_factory=list)       # [(newcomer, volunteer, pair_fr, pair_en)]
    unmatched: list = field(default_factory=list)   # [(newcomer, reason_fr, reason_en)]
    proposal_ids: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    session: Session | None = field(default=None, repr=False)

    @property
    def proposals(self) -> list[Proposal]:
        """The proposals the run wrote, loaded on demand (a run writes them in bulk)."""
        if not self.proposal_ids:
            return []
        assert self.session is not None  # run_matching gives its session to every outcome
        return list(self.session.scalars(select(Proposal).where(Proposal.id.in_(
            self.proposal_ids)).order_by(Proposal.id)))


def iso_week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def run_matching(session: Session, now: datetime, *, review: bool | None = None,
                 dry_run: bool = False, trigger: str = "manual",
                 coordinator_id: int | None = None) -> RunOutcome:
    """Match the whole waiting list once and store proposals (drafts when review is on).

    With `dry_run` nothing is written: the outcome says who would be proposed and who
    stays unmatched, and why.

    Three phases, so that the site never waits on a run: the engine works on a snapshot
    read without locks; the proposal e-mails are rendered, still without locks; then one
    short write phase (`proposals.write_run_proposals`) locks the volunteers concerned in
    id order, re-checks them and writes proposals, places and e-mails with set-based
    statements. Pairs whose people changed meanwhile are skipped and counted.
    """
    started = time.perf_counter()
    newcomers = waiting_newcomers(session)
    volunteers = available_volunteers(session, now)
    problem = build_problem(session, now, newcomers, volunteers)
    snapshot_seconds = time.perf_counter() - started
    # One run, its reasons written in every interface language (French first).
    result_fr = matcher.match(problem, lang="fr", langs=LOCALES, labels_by_lang=all_labels())
    match_seconds = time.perf_counter() - started - snapshot_seconds
    by_id_n = {n.id: n for n in newcomers}
    by_id_v = {v.id: v for v in volunteers}
    outcome = RunOutcome(run=None, session=session)
    outcome.pairs = [(by_id_n[p.newcomer], by_id_v[p.volunteer], p, in_language(p, "en"))
                     for p in result_fr.pairs]
    outcome.unmatched = [(by_id_n[u.newcomer], u.reason, u.reason_by_lang["en"])
                         for u in result_fr.unmatched]
    unplaced = session.scalars(select(Newcomer).where(Newcomer.status == "waiting",
                                                      Newcomer.neighbourhood_id.is_(None))).all()
    outcome.unmatched += [(n, "quartier inconnu : un coordinateur doit le placer",
                           "neighbourhood unknown: a coordinator must place them")
                          for n in unplaced]
    stats = dict(result_fr.stats)
    # The engine's share of the run: reading its input (the snapshot) and matching.
    stats.update(snapshot_seconds=round(snapshot_seconds, 3), match_seconds=round(match_seconds, 3),
                 engine_seconds=round(snapshot_seconds + match_seconds, 3))
    if dry_run:
        stats["seconds"] = round(time.perf_counter() - started, 3)
        outcome.stats = stats
        return outcome

    # Two runs at once (a scheduler and a coordinator) would both see the same free places.
    lock_matching(session)
    if review is None:
        review = bool(setting(session, REVIEW_SETTING, True))
    status = "draft" if review else "proposed"
    planned = [PlannedPair(newcomer.id, volunteer.id, pair_fr.score, dict(pair_fr.components),
                           stored_reasons(pair_fr), predicted_success=pair_fr.probability)
               for newcomer, volunteer, pair_fr, _ in outcome.pairs]
    # Rendering is the slow part of writing: done before any row is locked.
    render_started = time.perf_counter()
    messages = {} if review else {
        (newcomer.id, volunteer.id): proposal_message_row(now, volunteer, newcomer,
                                                          pair_fr.reasons_by_lang)
        for newcomer, volunteer, pair_fr, _ in outcome.pairs}

    write_started = time.perf_counter()
    stats["render_seconds"] = round(write_started - render_started, 3)
    run = MatchRun(started_at=now, week=iso_week(now), trigger=trigger, status="running",
                   started_by_id=coordinator_id)
    session.add(run)
    session.flush()
    written = write_run_proposals(session, now, planned, status=status, match_run_id=run.id)
    insert_rows(session, [messages[n, v] for _, n, v in written.created
                          if messages.get((n, v)) is not None])
    for _, _, volunteer_id in written.created:
        session.expire(by_id_v[volunteer_id], ["load"])
    outcome.proposal_ids = [proposal_id for proposal_id, _, _ in written.created]
    stats.update(review=review, proposals=len(written.created), skipped=len(written.skipped),
                 write_seconds=round(time.perf_counter() - write_started, 3),
                 seconds=round(time.perf_counter() - started, 3),
                 unmatched_newcomers=[{"newcomer": n.id, "fr": fr, "en": en}
                                      for n, fr, en in outcome.unmatched])
    stats["unmatched"] = len(outcome.unmatched)
    run.stats, run.status, run.finished_at = stats, "done", now
    audit.record(session, now, "match_run.done", actor=f"coordinator:{coordinator_id}"
                 if coordinator_id else trigger, coordinator_id=coordinator_id,
                 target_type="match_run", target_id=run.id, proposals=len(written.created),
                 skipped=len(written.skipped))
    outcome.run, outcome.stats = run, stats
    session.flush()
    return outcome
