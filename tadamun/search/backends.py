"""The two full-text engines behind the search service: SQLite FTS5 and PostgreSQL.

Each turns a parsed `Query`, and the directory's filters, into a match expression (FTS5
MATCH syntax, or a `tsquery`), and into SQL that lists matching actor ids in the engine's
own order (rowid order for FTS5, the index's for PostgreSQL): no engine-specific ranking,
so that both give the same results; Tadamun orders the candidates itself. Two tiers of a
query exist: `ALL` (every term matches) and `ALL_BUT_ONE` (every term but one, for queries
of two terms or more). Everything else (parsing, fetching the actors, the final ranking)
is shared.

Neither engine restricts a form to a field: codes and words cannot be confused (a code
starts with a digit, or is a short prefix and a number), and without restrictions the
indexes hold postings only (see migration 0006): FTS5 and GIN answer an AND of tokens by
walking their lists, with no position to read nor row to recheck.
"""

from django.db import connection

from tadamun.search import codes
from tadamun.search.query import CODES, Alternative, Form, Query

ALL = "all"
ALL_BUT_ONE = "all_but_one"


class Engine:
    """What the two engines share; each says how it writes forms, and where it matches."""

    AND = " AND "
    OR = " OR "
    # The id column, the table and the condition of a match (the expression as parameter).
    ID = ""
    FROM = ""
    MATCH = ""
    # How to list matches in the engine's own, cheap order (None: whatever order it finds).
    NATURAL_ORDER: str | None = None

    def form(self, form: Form) -> str:  # pragma: no cover - per engine
        raise NotImplementedError

    def negate(self, expression: str) -> str:  # pragma: no cover - per engine
        raise NotImplementedError

    def _alternative(self, alternative: Alternative) -> str:
        return "(" + self.AND.join(self.form(f) for f in alternative.forms) + ")"

    def _term(self, term) -> str:
        return "(" + self.OR.join(self._alternative(a) for a in term.alternatives) + ")"

    def expression(self, query: Query, tier: str = ALL) -> str | None:
        """The match expression of a tier (the second also holds the first, which the
        search leaves out by id)."""
        terms = [self._term(t) for t in query.terms]
        if tier == ALL:
            return "(" + self.AND.join(terms) + ")"
        if len(terms) < 2:
            return None
        subsets = [
            "(" + self.AND.join(t for j, t in enumerate(terms) if j != i) + ")"
            for i in range(len(terms))
        ]
        return "(" + self.OR.join(subsets) + ")"

    def both(self, expression: str, other: str) -> str:
        return f"({expression}){self.AND}({other})"

    def form_code(self, code: str) -> str:
        return self.form(Form(code, field=CODES))

    def with_filters(self, expression: str, filters) -> str:
        """The expression restricted by the directory's filters, which are codes of the
        records' own fields: the engine applies them while it matches."""
        required = []
        if filters.country is not None:
            required.append(codes.country(filters.country.code))
        if filters.territory is not None:
            required.append(codes.place(filters.territory.pk))
        if filters.legal_form is not None:
            required.append(codes.legal_form(filters.legal_form.pk))
        if filters.sector is not None:
            required.append(codes.sector(filters.sector.pk))
        if filters.women_led:
            required.append(codes.WOMEN_LED)
        for code in required:
            expression = self.both(expression, self.form_code(code))
        if filters.women_led is False:
            expression = f"({expression})" + self.negate(self.form_code(codes.WOMEN_LED))
        return expression

    def match_sql(self, expression: str) -> tuple[str, list]:
        # Every part is a constant of the engine; the expression is a parameter.
        sql = f"SELECT {self.ID} FROM {self.FROM} WHERE {self.MATCH}"  # noqa: S608
        return sql, [expression]

    def _excluding(self, sql: str, params: list, excluding) -> tuple[str, list]:
        if excluding:
            sql += f" AND {self.ID} NOT IN ({', '.join(['%s'] * len(excluding))})"
            params = [*params, *excluding]
        return sql, params

    def natural_sql(self, expression: str, excluding=()) -> tuple[str, list]:
        """Matches in the engine's own order (LIMIT and OFFSET left as parameters)."""
        sql, params = self._excluding(*self.match_sql(expression), excluding)
        if self.NATURAL_ORDER:
            sql += f" ORDER BY {self.NATURAL_ORDER}"
        return sql + " LIMIT %s OFFSET %s", params


class SqliteEngine(Engine):
    ID = "rowid"
    FROM = "search_fts"
    MATCH = "search_fts MATCH %s"
    NATURAL_ORDER = "rowid"

    def form(self, form: Form) -> str:
        return f'"{form.text}"' + (" *" if form.prefix else "")

    def negate(self, expression: str) -> str:
        return f" NOT {expression}"


class PostgresEngine(Engine):
    AND = " & "
    OR = " | "
    ID = "actor_id"
    FROM = "search_index"
    MATCH = "tsv @@ %s::tsquery"

    def form(self, form: Form) -> str:
        return f"'{form.text}'" + (":*" if form.prefix else "")

    def negate(self, expression: str) -> str:
        return f" & !{expression}"


def backend() -> SqliteEngine | PostgresEngine:
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"Search has no engine for the {connection.vendor} database")
