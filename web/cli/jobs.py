"""Commands for the scheduled jobs: the weekly matching by hand, any job now, the job list."""
import click

from web import clock
from web.cli.context import command_app, one_line_errors, transaction


def _print_outcome(done, dry_run: bool) -> None:
    stats = done.outcome.stats
    verb, count = ("would propose", len(done.outcome.pairs)) if dry_run else \
        ("proposed", stats["proposals"])
    click.echo(f"week {done.week}: {verb} {count}, unmatched {len(done.outcome.unmatched)}, "
               f"{stats.get('seconds', 0)} s")
    for newcomer, volunteer, pair, _ in done.outcome.pairs if dry_run else ():
        click.echo(f"  {newcomer.first_name} (#{newcomer.id}) - {volunteer.first_name} "
                   f"(#{volunteer.id}): {'; '.join(pair.reasons)}")
    for newcomer, _reason_fr, reason_en in done.outcome.unmatched:
        click.echo(f"  unmatched {newcomer.first_name} (#{newcomer.id}): {reason_en}")


@click.command("match")
@click.option("--dry-run", is_flag=True, help="Show who would be proposed; write nothing.")
@click.option("--now", "run_now", is_flag=True, help="Run this week's matching now.")
@click.option("--force", is_flag=True, help="Run again even if this week's run is done.")
@one_line_errors
def match_command(dry_run, run_now, force):
    """Run the weekly matching by hand (--now) or preview it (--dry-run)."""
    from web.services.weekly import run_weekly

    if dry_run == run_now:
        raise click.UsageError("choose one of --dry-run or --now")
    with command_app() as app, app.app_context(), transaction(app) as session:
        done = run_weekly(session, clock.utcnow(), timezone=app.config["TIMEZONE"], force=force,
                          dry_run=dry_run, trigger="manual")
        if done.skipped:
            click.echo(f"week {done.week}: the weekly matching already ran; "
                       "nothing done (use --force to run again)")
            return
        _print_outcome(done, dry_run)
        if dry_run:
            session.rollback()


@click.command("run-job")
@click.argument("job_id")
@one_line_errors
def run_job_command(job_id):
    """Run one scheduled job now (see `bienvenue jobs` for their ids)."""
    from jobs import registry

    spec = registry.find(job_id)
    if spec is None:
        raise click.ClickException(
            f"job_id: unknown job \"{job_id}\" (expected one of "
            f"{', '.join(s.id for s in registry.JOBS)})")
    with command_app() as app:
        result = registry.function(spec)(now=clock.utcnow(), app=app)
    click.echo(f"{spec.id}: " + ", ".join(f"{k} {v}" for k, v in (result or {}).items()))


@click.command("jobs")
@one_line_errors
def jobs_command():
    """List the scheduled jobs with their schedule and next run time."""
    from jobs.schedule_info import job_table

    with command_app() as app:
        for row in job_table(app, clock.utcnow()):
            click.echo(f"{row.id:<18} {row.cron:<14} next {row.next_run:%Y-%m-%d %H:%M %Z}  "
                       f"{row.description}")
