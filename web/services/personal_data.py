"""A person's history for their data download (GDPR art. 15): what happened, not only the profile.

Proposals (with the reasons, in every language they were written), problem reports they
wrote, coordinators' notes about them, the messages sent to them, their follow-up answers
and the audit entries about them. The other person of a proposal appears by first name
only: their contacts are theirs.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import AuditEntry, Followup, Note, OutboxMessage, ProblemReport, Proposal


def _moment(value):
    return value.isoformat() if value is not None else None


def _proposal(row: Proposal, kind: str) -> dict:
    other = row.volunteer if kind == "newcomer" else row.newcomer
    return {"id": row.id, "status": row.status, "source": row.source,
            ("volunteer" if kind == "newcomer" else "newcomer"): other.first_name,
            "reasons": row.reasons, "created_at": _moment(row.created_at),
            "proposed_at": _moment(row.proposed_at),
            "volunteer_answered_at": _moment(row.volunteer_answered_at),
            "newcomer_answered_at": _moment(row.newcomer_answered_at),
            "activated_at": _moment(row.activated_at), "ended_at": _moment(row.ended_at),
            "decline_code": row.decline_code, "decline_reason": row.decline_reason,
            "end_reason": row.end_reason, "end_note": row.end_note}


def history_data(session: Session, person) -> dict:
    """Everything that happened to the person, JSON-ready (see the module's docstring)."""
    kind = person.kind
    column = Proposal.newcomer_id if kind == "newcomer" else Proposal.volunteer_id
    rows = session.scalars(select(Proposal).where(column == person.id).order_by(Proposal.id))
    data = {"proposals": [_proposal(row, kind) for row in rows]}
    reports = session.scalars(select(ProblemReport).where(
        ProblemReport.reporter_type == kind, ProblemReport.reporter_id == person.id)
        .order_by(ProblemReport.id))
    data["problem_reports"] = [
        {"proposal_id": r.proposal_id, "message": r.message, "created_at": _moment(r.created_at),
         "handled_at": _moment(r.handled_at), "handling_note": r.handling_note} for r in reports]
    notes = session.scalars(select(Note).where(Note.target_type == kind,
                                               Note.target_id == person.id).order_by(Note.id))
    data["notes"] = [{"text": n.text, "created_at": _moment(n.created_at)} for n in notes]
    messages = session.scalars(select(OutboxMessage).where(
        OutboxMessage.person_type == kind, OutboxMessage.person_id == person.id)
        .order_by(OutboxMessage.id))
    data["messages"] = [
        {"kind": m.kind, "channel": m.channel, "to": m.to_address, "subject": m.subject,
         "body": m.body, "status": m.status, "created_at": _moment(m.created_at),
         "sent_at": _moment(m.sent_at)} for m in messages]
    followups = session.scalars(select(Followup).where(
        Followup.person_type == kind, Followup.person_id == person.id).order_by(Followup.id))
    data["followups"] = [
        {"proposal_id": f.proposal_id, "stage": f.stage, "sent_at": _moment(f.sent_at),
         "answer": f.answer, "answered_at": _moment(f.answered_at)} for f in followups]
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == kind, AuditEntry.target_id == person.id)
        .order_by(AuditEntry.at, AuditEntry.id))
    data["audit"] = [{"at": _moment(e.at), "action": e.action, "by": e.actor,
                      "details": e.details} for e in entries]
    return data


def summary(data: dict) -> dict:
    """How many of each thing the download holds (for the plain-language summary page)."""
    return {key: len(data.get(key) or []) for key in (
        "proposals", "problem_reports", "notes", "messages", "followups", "audit",
        "participations", "gathering_invitations", "group_outings")}
