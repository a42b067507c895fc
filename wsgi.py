"""The WSGI entry for production servers: gunicorn 'wsgi:app' (settings from the environment)."""

import gc
import sys

from app import create_app
from config import MissingSecretKey

try:
    app = create_app()
except MissingSecretKey as refusal:
    # A plain message instead of a traceback; 3 is gunicorn's "worker failed to boot",
    # which stops the master instead of starting workers again and again.
    print(f"Error: {refusal.message}", file=sys.stderr, flush=True)
    sys.exit(3)
# What starting made (routes, compiled templates, catalogues) lives as long as the process;
# freezing it keeps the garbage collector from re-scanning it on every collection — those
# scans were the p95 spikes of the longest pages.
gc.freeze()
