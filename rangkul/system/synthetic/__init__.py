"""Synthetic data at scale: one school of 2,000 students, or a district of 50 schools and
5 community organisations with 100,000 students and 1,000,000 screening responses.

Everything is written with `bulk_create` in batches (no per-row commits, no services and
no audit events: these are not things anybody did). The same seed gives the same rows;
dates are spread over the year before `today`. Users get an unusable password except the
staff listed by the command, who get the given one.

The modules: `scale` (how much to make, what was made), `insert` (the fast bulk insert),
`state` (what the parts of a run share: seeded randomness, dates, the batch writer),
`generator` (organisations, staff, people), `pathway` (requests, cases, messages, notes,
activities) and `screenings` (campaigns, assignments, scored responses).
"""

from rangkul.system.synthetic.generator import Generator, generate
from rangkul.system.synthetic.insert import fast_insert
from rangkul.system.synthetic.scale import SCALES, Report, Scale

__all__ = ["SCALES", "Generator", "Report", "Scale", "fast_insert", "generate"]
