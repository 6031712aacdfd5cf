#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nmc_portal.settings")
    # Management commands may run with the development key (migrations, checks: `check --deploy` then
    # reports it); what serves people, gunicorn (wsgi.py) and Celery, refuses it (settings.py).
    os.environ.setdefault("ALLOW_DEVELOPMENT_SECRET_KEY", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
