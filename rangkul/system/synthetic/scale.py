"""How much synthetic data to make, and what a run made."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scale:
    """How much to make. Per school unless named otherwise."""

    schools: int = 1
    communities: int = 0
    students: int = 2000
    beneficiaries: int = 400  # per community organisation
    requests: int = 1200
    cases: int = 1000
    messages: int = 20000
    notes: int = 2000
    activities: int = 5000
    responses: int = 40000

    @property
    def total_students(self) -> int:
        return self.schools * self.students


SCALES = {
    "tiny": Scale(
        students=60,
        beneficiaries=20,
        communities=1,
        requests=30,
        cases=20,
        messages=200,
        notes=40,
        activities=50,
        responses=240,
    ),
    "school": Scale(),
    # 100,000 students; a year of work; 1,000,000 responses (20,000 per school).
    "district": Scale(
        schools=50,
        communities=5,
        requests=1200,
        cases=1000,
        messages=20000,
        notes=2000,
        activities=2000,
        responses=20000,
    ),
}


@dataclass
class Report:
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n
