"""The permission matrix as the Markdown table of docs/permissions.md."""

from django.utils.translation import override

from tadamun.accounts.permissions import ACTIONS, MATRIX, ROLE_LABELS, Scope

CELLS = {Scope.OWN: "own", Scope.ALL: "all", None: "—"}


def permissions_table() -> str:
    with override("en"):
        roles = list(MATRIX)
        head = "| action | " + " | ".join(str(ROLE_LABELS[r]) for r in roles) + " |"
        rule = "|---|" + "---|" * len(roles)
        rows = [
            f"| {action.label}{' ⚑' if action.personal else ''} (`{code}`) | "
            + " | ".join(CELLS[MATRIX[role].get(code)] for role in roles)
            + " |"
            for code, action in ACTIONS.items()
        ]
    return "\n".join([head, rule, *rows]) + "\n"
