from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sangkien.ioc.alerts import deadline_alerts
from sangkien.ioc.reports import reports_generate


class Command(BaseCommand):
    help = ("Operations-centre chores, meant to run daily from cron or a systemd timer "
            "(each action does only what is due, so running it again is harmless). "
            "`operations reports` makes the weekly and monthly reports of the last complete "
            "week and month for every unit and for all units, unless they exist; "
            "`operations alerts` notifies about items at 80% of their allowed time or "
            "overdue, once per threshold (run it hourly or daily); `operations daily` does "
            "both.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reports", "alerts", "daily"])
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            metavar="YYYY-MM-DD",
                            help="act as on this day (default: today in Asia/Ho_Chi_Minh)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        {"reports": self.reports, "alerts": self.alerts,
         "daily": self.daily}[options["action"]](today)

    def alerts(self, today: date) -> None:
        self.stdout.write(f"{deadline_alerts(today)} alert(s) raised")

    def daily(self, today: date) -> None:
        self.alerts(today)
        self.reports(today)

    def reports(self, today: date) -> None:
        made = reports_generate(today)
        for report in made:
            self.stdout.write(f"made {report.kind} report {report.start}–{report.end}: "
                              f"{report.unit.name if report.unit else 'all units'}")
        self.stdout.write(f"{len(made)} report(s) made")
