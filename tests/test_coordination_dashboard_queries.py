"""The coordinators' dashboard reads the database a handful of times, however many rows
its lists show: statements counted with SQLAlchemy's before_cursor_execute event."""
from contextlib import contextmanager

import factories
from conftest import NOW
from journeys import log_in_coordinator
from sqlalchemy import event

from web.services.accounts import create_coordinator
from web.services.proposals import create_proposal, report_problem

PASSWORD = "correct horse battery"


@contextmanager
def counted(engine):
    """The SQL statements run on `engine` inside the block."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_dashboard_takes_at_most_ten_queries(app, client, session):
    create_coordinator(session, NOW, "ines@villiers.example", PASSWORD, name="Inès")
    place = factories.load_villiers(session)["les-nangues"].id
    for n in range(12):
        factories.newcomer(session, neighbourhood_id=place if n % 3 else None)
    for n in range(12):
        volunteer = factories.volunteer(session, neighbourhood_id=place)
        proposal = create_proposal(session, NOW, factories.newcomer(
            session, neighbourhood_id=place).id, volunteer.id)
        if n % 2:
            with app.test_request_context():  # the coordinators' alert renders an e-mail
                report_problem(session, NOW, proposal, volunteer, "Pas de nouvelles.")
    for _ in range(4):
        factories.volunteer(session, neighbourhood_id=place, vetting_status="pending")
    session.commit()
    log_in_coordinator(client, "ines@villiers.example", PASSWORD)

    with counted(session.get_bind().engine) as statements:
        page = client.get("/coordination/")
    assert page.status_code == 200
    assert "12 propositions" in page.get_data(as_text=True)  # the rows were all shown
    assert len(statements) <= 10, "\n".join(s[:90] for s in statements)
    print(f"dashboard: {len(statements)} queries")
