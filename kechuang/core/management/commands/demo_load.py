import importlib
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# The registry's loader runs first: every other app's demo data hangs on its organizations and users.
ORDER = ["registry", "carriers", "review", "recognition", "market", "policies", "targets"]


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
        apps = [a.split(".")[-1] for a in settings.INSTALLED_APPS if a.startswith("kechuang.")]
        if options["apps"]:
            wanted = {"registry", *(a.strip() for a in options["apps"].split(",") if a.strip())}
            unknown = wanted - set(apps)
            if unknown:
                raise CommandError(f"unknown apps: {', '.join(sorted(unknown))}")
            apps = [a for a in apps if a in wanted]
        for app in sorted(apps, key=lambda a: ORDER.index(a) if a in ORDER else len(ORDER)):
            try:
                module = importlib.import_module(f"kechuang.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"kechuang.{app}.demo":
                    continue
                raise
            self.stdout.write(f"loading demo data: {app}")
            if app == "registry":
                module.load(stdout=self.stdout, rng=rng, organizations=options["organizations"])
            else:
                module.load(stdout=self.stdout, rng=rng)
        from kechuang.registry.demo import print_accounts

        print_accounts(self.stdout)
