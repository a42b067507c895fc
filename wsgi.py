"""The WSGI entry for production servers: gunicorn 'wsgi:app' (settings from the environment)."""

import gc

from app import create_app

app = create_app()
# What starting made (routes, compiled templates, catalogues) lives as long as the process;
# freezing it keeps the garbage collector from re-scanning it on every collection — those
# scans were the p95 spikes of the longest pages.
gc.freeze()
