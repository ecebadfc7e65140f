"""``manage.py policies_load`` loads every shipped rule file as a measure, and refreshes them when run again
(the command acts as the system: no user)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from kechuang.policies.models import Measure
from kechuang.policies.rules import rule_files

pytestmark = pytest.mark.django_db


def test_load_twice_loads_every_shipped_measure():
    out = StringIO()
    call_command("policies_load", stdout=out)
    call_command("policies_load", stdout=out)  # refreshing existing measures used to be refused
    shipped = len(rule_files())
    assert shipped >= 25
    assert Measure.objects.count() == shipped
    assert out.getvalue().splitlines()[-1] == f"政策事项：{shipped} 项"
