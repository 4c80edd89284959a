"""Gunicorn's settings for `make serve` and the systemd unit: `gunicorn -c python:prongsai.web.gunicorn_conf`.

Threaded workers (gthread): a page mostly waits on the database, a PDF holds one thread, not a whole process.
HOST and PORT say where to listen (127.0.0.1:8000: a reverse proxy in front), PRONGSAI_WORKERS and
PRONGSAI_THREADS how many processes and threads each (default: 2 per core plus one, at most 8; 4 threads).
"""

import os

host = os.environ.get("HOST", "127.0.0.1")
port = os.environ.get("PORT", "8000")
bind = f"{host}:{port}"
wsgi_app = "prongsai.web.wsgi:application"
worker_class = "gthread"
workers = int(os.environ.get("PRONGSAI_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, 8))
threads = int(os.environ.get("PRONGSAI_THREADS") or 4)
timeout = 120  # the longest request is a large PDF report; a worker stuck longer is restarted
graceful_timeout = 30
keepalive = 5  # the reverse proxy reuses its connections: a few seconds idle before gunicorn closes one
# A worker is replaced after this many requests, so memory a long life gathers comes back.
max_requests = 5000
max_requests_jitter = 500
errorlog = "-"
control_socket_disable = True  # gunicorn's control socket would be made in the service account's home
