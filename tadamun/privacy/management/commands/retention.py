import json

from django.core.management.base import BaseCommand

from tadamun.privacy.retention import retention_apply

LABELS = {
    "people_anonymised": "people anonymised (notice ran out)",
    "people_notices_withdrawn": "notices withdrawn (worked with again)",
    "people_notified": "people announced to their coordinators",
    "mechanisms_notified": "mechanisms notified",
    "login_failures_deleted": "failed logins deleted",
    "sessions_deleted": "expired sessions deleted",
    "session_records_deleted": "records of ended sessions deleted",
    "invitations_deleted": "spent or expired invitations deleted",
    "import_files_cleared": "imported files cleared",
    "unrouted_requests_deleted": "requests no mechanism took deleted",
    "audit_entries_purged": "audit entries purged",
    "admin_history_deleted": "admin history entries deleted",
}


class Command(BaseCommand):
    help = (
        "Applies the retention periods of the register of processing: announces then "
        "anonymises people past retention, deletes old failed logins, sessions, invitations, "
        "audit entries, clears old imported files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be done, change nothing"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the counts as JSON"
        )

    def handle(self, *args, dry_run, as_json, **options):
        report = retention_apply(dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict()))
            return
        if dry_run:
            self.stdout.write("Dry run: nothing was changed. Would have:")
        for name, count in report.counts.items():
            self.stdout.write(f"{count:>8,}  {LABELS.get(name, name)}")
