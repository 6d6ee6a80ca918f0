from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sangkien.review.scoring import reviews_remind


class Command(BaseCommand):
    help = "Evaluation chores: `review remind` reminds experts whose reviews are due soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *args: Any, **options: Any) -> None:
        count = reviews_remind(options["hours"])
        self.stdout.write(f"{count} reminder(s) sent")
