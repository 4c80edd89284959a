"""The Buddhist-Era year in an address (`/o/<org>/<year>/`, `/p/<org>/<year>/`, `/frameworks/<year>/`).

Only 2500–2700 BE (1957–2157 CE) is a year the programme can have: ITA began in 2557 BE, and anything outside is
a mistyped or Christian-Era year. Four digits and this range keep a year such as 0 or one of twenty digits from
reaching the database (an integer overflow there was a 500): the address answers 404 like any other unknown one.
"""

from __future__ import annotations

from django.urls import register_converter

FIRST_YEAR, LAST_YEAR = 2500, 2700


class BuddhistYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"year {year} outside {FIRST_YEAR}–{LAST_YEAR}")  # Django answers 404
        return year

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(BuddhistYearConverter, "year")
