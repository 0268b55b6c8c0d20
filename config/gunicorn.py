"""gunicorn's settings, for `make run` and production (deploy/):

    gunicorn -c config/gunicorn.py config.wsgi:application

Everything can be given on the command line or in the environment instead (GUNICORN_CMD_ARGS);
`make run` adds --bind HOST:PORT."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each. Two per core is a good start for the check-in door.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Long enough for the slowest synchronous request (the route planner, about 10 seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
# Trust X-Forwarded-* (https, the client's address) only from the reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27's control socket lives in ~/.gunicorn by default, shared by every checkout and
# instance on the machine; nothing here uses it.
control_socket_disable = True
