"""``manage.py demo_load``: every app's demo data, the registry's first, then the demo accounts."""

from __future__ import annotations

import random
from types import ModuleType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kechuang.carriers import demo as carriers_demo
from kechuang.market import demo as market_demo
from kechuang.policies import demo as policies_demo
from kechuang.portal import demo as portal_demo
from kechuang.programs import demo as programs_demo
from kechuang.quality import demo as quality_demo
from kechuang.recognition import demo as recognition_demo
from kechuang.registry import demo as registry_demo
from kechuang.resources import demo as resources_demo
from kechuang.review import demo as review_demo
from kechuang.targets import demo as targets_demo

# Each app's demo.py, in loading order. The registry's loader runs first: every other app's demo data hangs
# on its organizations and users. A new app with a demo.py adds one import and one entry here.
LOADERS: tuple[tuple[str, ModuleType], ...] = (
    ("registry", registry_demo),
    ("carriers", carriers_demo),
    ("review", review_demo),
    ("recognition", recognition_demo),
    ("market", market_demo),
    ("policies", policies_demo),
    ("programs", programs_demo),
    ("quality", quality_demo),
    ("targets", targets_demo),
    ("resources", resources_demo),
    ("portal", portal_demo),
)


class Command(BaseCommand):
    help = "Load the demo dataset: registry first, then every app that has a demo.py loader."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--seed", type=int, default=20261126)
        parser.add_argument("--organizations", type=int, default=3000)
        parser.add_argument(
            "--apps",
            default="",
            help="comma-separated apps to load (default: all); the registry is always loaded first",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        rng = random.Random(options["seed"])
        installed = {a.split(".")[-1] for a in settings.INSTALLED_APPS if a.startswith("kechuang.")}
        loaders = [(app, module) for app, module in LOADERS if app in installed]
        if options["apps"]:
            wanted = {"registry", *(a.strip() for a in options["apps"].split(",") if a.strip())}
            unknown = wanted - installed
            if unknown:
                raise CommandError(f"unknown apps: {', '.join(sorted(unknown))}")
            loaders = [(app, module) for app, module in loaders if app in wanted]
        for app, module in loaders:
            self.stdout.write(f"loading demo data: {app}")
            if module is registry_demo:
                module.load(stdout=self.stdout, rng=rng, organizations=options["organizations"])
            else:
                module.load(stdout=self.stdout, rng=rng)
        registry_demo.print_accounts(self.stdout)
