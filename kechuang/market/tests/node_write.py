"""A second node for the multi-node index test: ``python -m kechuang.market.tests.node_write ACTION PK``
publishes (``publish``: the officer approves) or withdraws (``withdraw``) achievement PK through the
services, with this process' own ``KECHUANG_MATCHING_INDEX_DIR``, then prints the commit time."""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.test")
django.setup()

from kechuang.accounts.models import User  # noqa: E402
from kechuang.market import search, services  # noqa: E402
from kechuang.market.models import Achievement  # noqa: E402


def main(action: str, pk: int) -> None:
    achievement = Achievement.objects.get(pk=pk)
    if action == "publish":
        officer = User.objects.get(username="officer")
        services.achievement_review(achievement=achievement, actor=officer, approve=True)
    else:
        owner = User.objects.get(username="uni_admin")
        services.achievement_withdraw(achievement=achievement, actor=owner)
    committed = time.time()
    found = [h.id for h in search.get_index("achievements").search("稀土镁合金压铸", k=5)]
    print(f"{committed:.3f} {str(pk) in found}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
