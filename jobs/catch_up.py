"""When a missed weekly matching is due: pure date arithmetic, no database.

The weekly run claims its ISO week in the same transaction as its work, so a scheduler
killed mid-run leaves the week unclaimed; but APScheduler has already moved the job's
next run to the following week. The catch-up job asks this module whether this week's
run should have happened by now, and runs it if the week is still unclaimed.
"""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger


def week_start(now: datetime, timezone: str) -> datetime:
    """Monday 00:00 of `now`'s ISO week, in the programme's time zone."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    return datetime.combine(local.date() - timedelta(days=local.weekday()), time(0), zone)


def scheduled_time(now: datetime, cron: str, timezone: str) -> datetime | None:
    """This week's scheduled time of the weekly run: the first fire time of `cron` on or
    after Monday 00:00 of `now`'s ISO week (it may fall in a later week for an unusual
    crontab line; None when the line never fires again)."""
    zone = ZoneInfo(timezone)
    start = week_start(now, timezone)
    return CronTrigger.from_crontab(cron, timezone=zone).get_next_fire_time(None, start)


def weekly_run_due(now: datetime, cron: str, timezone: str, week_done: bool) -> bool:
    """True when this ISO week's run is not done and its scheduled time has come."""
    if week_done:
        return False
    due = scheduled_time(now, cron, timezone)
    return due is not None and due <= now
