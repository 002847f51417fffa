"""Which outbox messages are sent first: the one place that gives each kind of message its
priority (lower goes sooner; web.services.delivery sends by priority, then oldest first).

- 0 someone is waiting at the screen for it: a personal link asked for ("Retrouver mon
  lien"), the welcome message with the link of a person who just signed up (or whom a
  coordinator just added).
- 1 urgent: problem alerts to coordinators, introductions, and answers to a person's own
  action or to a change that is near in time (a volunteer said yes, a pairing ended, an
  outing decided, a gathering cancelled or a place freed in it).
- 2 normal: other transactional messages, and any kind not listed here.
- 3 bulk: what a job writes for many people at once (a matching run's proposals, the
  weekly e-mail of activities, gathering invitations, follow-ups, reminders).

So an urgent message queued while 3,000 proposals wait goes out within one batch of the
delivery run, not 30 minutes later.
"""
from web.models.records import NORMAL_PRIORITY, PRIORITIES

AT_THE_SCREEN, URGENT, NORMAL, BULK = 0, 1, NORMAL_PRIORITY, 3

#: every kind of message (web/templates/email/ and sms/) and its priority
KIND_PRIORITIES = {
    "link": AT_THE_SCREEN,
    "newcomer_welcome": AT_THE_SCREEN,
    "volunteer_welcome": AT_THE_SCREEN,
    "problem_alert": URGENT,
    "introduction": URGENT,
    "proposal_newcomer": URGENT,
    "pairing_ended": URGENT,
    "outing_decision": URGENT,
    "gathering_cancelled": URGENT,
    "gathering_place_free": URGENT,
    "volunteer_approved": NORMAL,
    "proposal_volunteer": BULK,
    "reminder_volunteer": BULK,
    "weekly_digest": BULK,
    "gathering_invitation": BULK,
    "followup": BULK,
}
assert set(KIND_PRIORITIES.values()) <= set(PRIORITIES)


def priority_for(kind: str) -> int:
    """The delivery priority of a message of this kind (0 soonest .. 3 bulk); unknown
    kinds get the normal priority."""
    return KIND_PRIORITIES.get(kind, NORMAL)
