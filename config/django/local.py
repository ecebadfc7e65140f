"""Local development and the demo: DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise."""

from config.django.base import *  # noqa: F403
from config.env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
