"""WSGI entry point for gunicorn: `gunicorn web.wsgi:app`."""
import gc

from web import create_app

app = create_app()
# What exists now (modules, the app, reference data) lives as long as the process: keep it
# out of the collector's full passes, which otherwise walk all of it every few busy
# requests (benchmarks.agenda_page: p95 of a 2,000-occurrence week 190 ms -> 50 ms).
gc.collect()
gc.freeze()
